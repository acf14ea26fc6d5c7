package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in one line naming the file, why a jar in the deploy folder did not become a running
 * bundle: File Install skips a file that is not a bundle without a word, and reports a bundle
 * that does not resolve only as a stack trace.
 */
final class DeployFolderMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.orrery.deploy");
    private static final Pattern MISSING = Pattern.compile("missing requirement \\[.*?\\] (\\S+); \\(([^)]*)\\)");
    /** A file must be this old before it is judged, so a copy in progress is not. */
    static final long SETTLE_MILLIS = 2_500;

    private final BundleContext context;
    private final Path folder;
    private final ScheduledExecutorService timer;
    /** What was said about each file, keyed by path, with the file's stamp it was said for. */
    private final Map<Path, String> reported = new HashMap<>();

    DeployFolderMonitor(BundleContext context, Path folder) {
        this.context = context;
        this.folder = folder;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "orrery-deploy-monitor");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, SETTLE_MILLIS, 1_000, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Judges every settled jar once per version of the file. */
    void check() {
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                present.add(jar);
                judge(jar);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot scan {}: {}", folder, e.toString());
        }
        reported.keySet().retainAll(present);
    }

    private void judge(Path jar) throws IOException {
        long modified = Files.getLastModifiedTime(jar).toMillis();
        if (System.currentTimeMillis() - modified < SETTLE_MILLIS) {
            return;
        }
        String stamp = Files.size(jar) + "/" + modified;
        if (stamp.equals(reported.get(jar))) {
            return;
        }
        String problem = notABundle(jar);
        if (problem == null) {
            Bundle bundle = context.getBundle(jar.toUri().toString());
            if (bundle == null) {
                bundle = context.getBundle("file:" + jar.toAbsolutePath());
            }
            if (bundle == null || bundle.getState() != Bundle.INSTALLED) {
                if (bundle != null) {
                    reported.put(jar, stamp); // installed and resolved: nothing to say
                }
                return;
            }
            problem = whyUnresolved(bundle);
            if (problem == null) {
                return;
            }
        }
        reported.put(jar, stamp);
        LOG.error("{}: {}", jar, problem);
    }

    /** Why {@code jar} is not an OSGi bundle, or null when it is one. */
    static String notABundle(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return "not an OSGi bundle (it has no META-INF/MANIFEST.MF); ignored";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "not an OSGi bundle (its manifest has no Bundle-SymbolicName); ignored";
            }
            return null;
        } catch (IOException e) {
            return "not a jar file (" + e.getMessage() + "); ignored";
        }
    }

    /** Asks the framework to resolve the bundle by starting it, and turns its refusal into one line. */
    private static String whyUnresolved(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return null;
        } catch (BundleException | IllegalStateException e) {
            return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " does not resolve: "
                    + missing(String.valueOf(e.getMessage())) + "; it stays installed but not started";
        }
    }

    /** The missing requirements of a Felix resolution message, e.g. "needs package com.example (none installed)". */
    static String missing(String message) {
        Matcher matcher = MISSING.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            String namespace = matcher.group(1);
            String filter = matcher.group(2);
            String kind = switch (namespace) {
                case "osgi.wiring.package" -> "package";
                case "osgi.wiring.bundle" -> "bundle";
                case "osgi.ee" -> "Java version";
                default -> namespace;
            };
            out.append("needs ").append(kind).append(' ').append(filter.replaceFirst("^[^=]*=", ""));
        }
        return out.length() == 0 ? message : out + " which no installed bundle provides";
    }
}
