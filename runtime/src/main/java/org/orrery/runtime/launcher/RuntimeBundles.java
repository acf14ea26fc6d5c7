package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the framework's copy of the runtime's own bundles (the folder the build exported from
 * {@code cnf/orrery.bndrun}) equal to that folder: installs new ones, updates changed ones (by
 * size and modification time, then by SHA-256, so a rebuild that changed nothing updates nothing),
 * uninstalls those that are gone. Bundles installed at run time (deploy folder, Web Console)
 * have other locations and are left alone; so is the started or stopped state a user gave an
 * existing bundle.
 */
final class RuntimeBundles {

    /** Location prefix of the bundles this class manages. */
    static final String LOCATION_PREFIX = "orrery-runtime:";
    /** Symbolic names installed only when the shell is asked for. */
    static final Set<String> SHELL_BUNDLES = Set.of("org.apache.felix.gogo.runtime", "org.apache.felix.gogo.shell",
            "org.apache.felix.gogo.command");

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeBundles.class);
    /** Suffix of the stamp key that holds a jar's SHA-256. */
    private static final String DIGEST = ".sha256";

    /** One jar of the bundle folder. */
    record BundleJar(Path path, String symbolicName, boolean fragment, String stamp) {
        String location() {
            return LOCATION_PREFIX + symbolicName;
        }
    }

    private RuntimeBundles() {
    }

    /** Reads the bundle folder: every jar with a symbolic name, by name. */
    static Map<String, BundleJar> scan(Path folder, boolean shell) throws LaunchException {
        Map<String, BundleJar> jars = new LinkedHashMap<>();
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            stream.forEach(paths::add);
        } catch (IOException e) {
            throw new LaunchException("cannot read the runtime's bundle folder " + folder + " (" + HomeFolder.describe(e)
                    + "): run './mvnw install' to build it");
        }
        paths.sort(null);
        for (Path path : paths) {
            try (JarFile jar = new JarFile(path.toFile())) {
                Attributes main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
                String name = main == null ? null : main.getValue("Bundle-SymbolicName");
                if (name == null) {
                    LOG.warn("{} is not a bundle (no Bundle-SymbolicName); skipped", path);
                    continue;
                }
                name = name.split(";")[0].trim();
                if (!shell && SHELL_BUNDLES.contains(name)) {
                    continue;
                }
                jars.put(name, new BundleJar(path, name, main.getValue("Fragment-Host") != null, stamp(path)));
            } catch (IOException e) {
                throw new LaunchException("cannot read " + path + " (" + HomeFolder.describe(e) + ")");
            }
        }
        if (jars.isEmpty()) {
            throw new LaunchException("the runtime's bundle folder " + folder + " holds no bundles: run './mvnw install'");
        }
        return jars;
    }

    /**
     * Brings the framework in line with {@code wanted}. Called between {@code init()} and
     * {@code start()} of the framework, so new bundles start in start-level order.
     */
    static void synchronize(BundleContext context, Map<String, BundleJar> wanted, Stamps stamps)
            throws LaunchException {
        List<Bundle> changed = new ArrayList<>();
        int installed = 0;
        int updated = 0;
        int removed = 0;
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (!location.startsWith(LOCATION_PREFIX)) {
                continue;
            }
            BundleJar jar = wanted.get(location.substring(LOCATION_PREFIX.length()));
            try {
                if (jar == null) {
                    bundle.uninstall();
                    stamps.remove(location);
                    stamps.remove(location + DIGEST);
                    changed.add(bundle);
                    removed++;
                } else if (!jar.stamp().equals(stamps.get(location))) {
                    String digest = digest(jar.path());
                    if (!digest.equals(stamps.get(location + DIGEST))) {
                        try (InputStream in = Files.newInputStream(jar.path())) {
                            bundle.update(in);
                        }
                        changed.add(bundle);
                        updated++;
                    }
                    stamps.put(location, jar.stamp()); // a rebuild that changed nothing only renews the stamp
                    stamps.put(location + DIGEST, digest);
                }
            } catch (BundleException | IOException e) {
                throw new LaunchException("cannot update the runtime bundle " + location + " from "
                        + (jar == null ? "(removed)" : jar.path()) + ": " + e.getMessage(), e);
            }
        }
        for (BundleJar jar : wanted.values()) {
            if (context.getBundle(jar.location()) != null) {
                continue;
            }
            // no digest here: recordDigests makes it after the start (a jar without one is updated when its
            // stamp changes, never left stale)
            try (InputStream in = Files.newInputStream(jar.path())) {
                Bundle bundle = context.installBundle(jar.location(), in);
                if (!jar.fragment()) {
                    bundle.start(); // before the framework starts, this only marks it to be started
                }
                stamps.put(jar.location(), jar.stamp());
                stamps.remove(jar.location() + DIGEST);
                installed++;
            } catch (BundleException | IOException e) {
                throw new LaunchException("cannot install " + jar.path() + ": " + e.getMessage(), e);
            }
        }
        stamps.save();
        if (!changed.isEmpty()) {
            refresh(context, changed);
        }
        if (installed + updated + removed > 0) {
            LOG.info("Runtime bundles: {} installed, {} updated, {} removed", installed, updated, removed);
        }
    }

    /**
     * Records the SHA-256 of every installed jar that has none yet (those installed by this start),
     * so that a later rebuild that changed nothing updates nothing. Meant for a thread of its own
     * after the start: hashing the 32 MB of a new home's bundles costs about 0.1 s of CPU in a JVM
     * that has just started. A jar whose stamp is no longer the one it was installed with (or that
     * changes while it is hashed) gets no digest: its next stamp change updates it, the safe side.
     *
     * @return how many digests were recorded
     */
    static int recordDigests(Map<String, BundleJar> wanted, Stamps stamps) throws LaunchException {
        int recorded = 0;
        for (BundleJar jar : wanted.values()) {
            String location = jar.location();
            if (!jar.stamp().equals(stamps.get(location)) || stamps.get(location + DIGEST) != null) {
                continue;
            }
            try {
                Object before = identity(jar.path());
                String digest = digest(jar.path());
                if (before.equals(identity(jar.path())) && jar.stamp().equals(stamp(jar.path()))) {
                    stamps.put(location + DIGEST, digest);
                    recorded++;
                }
            } catch (IOException e) {
                LOG.debug("No digest of {} ({}): it is updated at its next change", jar.path(), e.getMessage());
            }
        }
        if (recorded > 0) {
            stamps.save();
        }
        return recorded;
    }

    /** Size and modification time of a jar: compared on every start. */
    static String stamp(Path jar) throws IOException {
        return Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis();
    }

    /** The file behind a path (device and inode), its size and modification time. */
    private static Object identity(Path jar) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        return List.of(String.valueOf(attributes.fileKey()), attributes.size(), attributes.lastModifiedTime());
    }

    /** SHA-256 of a file, hex. */
    static String digest(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static void refresh(BundleContext context, List<Bundle> bundles) throws LaunchException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new LaunchException("refreshing the updated runtime bundles took more than 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while refreshing the runtime bundles");
        }
    }

    /**
     * What was installed from which jar, kept in the data folder: size and modification time
     * (cheap to compare on every start) and the SHA-256, looked at only when those changed.
     */
    static final class Stamps {
        private final Path file;
        private final java.util.Properties values = new java.util.Properties();

        Stamps(Path file) {
            this.file = file;
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    values.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("{} cannot be read ({}); every runtime bundle will be updated", file, e.getMessage());
                    values.clear();
                }
            }
        }

        String get(String location) {
            return values.getProperty(location);
        }

        void put(String location, String stamp) {
            values.setProperty(location, stamp);
        }

        void remove(String location) {
            values.remove(location);
        }

        /** Replaces the file atomically: it is written again after the start (the digests), a stop may come then. */
        void save() throws LaunchException {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try {
                Files.deleteIfExists(next); // left by a stop in the middle of a save
                try (var out = OwnerOnly.create(next)) {
                    values.store(out, "Orrery runtime bundles: jar size/modification time when installed");
                }
                Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new LaunchException("cannot write " + file + " (" + HomeFolder.describe(e) + ")");
            }
        }
    }
}
