package org.orrery.auth.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.orrery.platform.OrreryHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps configuration files readable by their owner only, whatever the umask: configurations
 * hold secrets (the task store's {@code .password}). Config Admin persists every configuration
 * in the framework storage ({@code data/framework/…/*.config}) and File Install writes changes
 * made in the Web Console back to {@code etc/*.cfg}, both with the process's umask; after each
 * change (and once at start) this sets mode 0600 on those files. The launcher makes every
 * folder of the home 0700 at start, so no other user reaches them in between.
 */
@Component(immediate = true)
public final class PrivateConfigurationFiles implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateConfigurationFiles.class);

    private final Path storage;
    private final Path etc;

    /** Config Admin's bundle, whose data area holds the persisted configurations. */
    static final String CONFIG_ADMIN = "org.apache.felix.configadmin";

    @Activate
    public PrivateConfigurationFiles(BundleContext context) {
        this(configurationStorage(context), OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)).etc());
    }

    /**
     * Where Config Admin keeps its files: its bundle's data area ({@code bundle<id>/data} in the
     * framework storage), so that a change walks those few files, not every bundle's cache;
     * the whole framework storage when that bundle is not found.
     */
    private static Path configurationStorage(BundleContext context) {
        Path storage = pathOrNull(context.getProperty(Constants.FRAMEWORK_STORAGE));
        if (storage == null) {
            return null;
        }
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            if (CONFIG_ADMIN.equals(bundle.getSymbolicName())) {
                Path data = storage.resolve("bundle" + bundle.getBundleId()).resolve("data");
                return Files.isDirectory(data) ? data : storage;
            }
        }
        return storage;
    }

    PrivateConfigurationFiles(Path storage, Path etc) {
        this.storage = storage;
        this.etc = etc;
        restrictAll();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        restrictAll();
    }

    /** Sets 0600 on every configuration file; returns how many it changed. */
    int restrictAll() {
        return restrict(storage, true) + restrict(etc, false);
    }

    private static int restrict(Path folder, boolean deep) {
        if (folder == null || !Files.isDirectory(folder)) {
            return 0;
        }
        int changed = 0;
        try (Stream<Path> files = deep ? Files.walk(folder) : Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".config") || name.endsWith(".cfg")) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(UserFile.OWNER_ONLY)) {
                    Files.setPosixFilePermissions(file, UserFile.OWNER_ONLY);
                    changed++;
                }
            }
        } catch (IOException | UnsupportedOperationException | java.io.UncheckedIOException e) {
            LOG.debug("Configuration files in {} keep their modes: {}", folder, e.toString());
        }
        return changed;
    }

    private static Path pathOrNull(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath();
    }
}
