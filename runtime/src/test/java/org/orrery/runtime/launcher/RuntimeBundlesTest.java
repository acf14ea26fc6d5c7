package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** Synchronisation of the runtime's bundle folder with a real (empty) Felix framework. */
class RuntimeBundlesTest {

    @TempDir
    Path tmp;

    private Framework framework;
    private Path folder;
    private RuntimeBundles.Stamps stamps;

    @BeforeEach
    void startFramework() throws Exception {
        folder = Files.createDirectories(tmp.resolve("bundle"));
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", tmp.resolve("cache").toString()));
        framework.init();
        stamps = new RuntimeBundles.Stamps(tmp.resolve("stamps.properties"));
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private Path bundle(String name, String version, String content) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", version);
        Path jar = folder.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            JarEntry entry = new JarEntry("content.txt");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(content.getBytes());
        }
        return jar;
    }

    private void sync() throws LaunchException {
        RuntimeBundles.synchronize(framework.getBundleContext(), RuntimeBundles.scan(folder, false), stamps);
    }

    private Bundle runtimeBundle(String name) {
        return framework.getBundleContext().getBundle(RuntimeBundles.LOCATION_PREFIX + name);
    }

    private static String content(Bundle bundle) throws IOException {
        try (InputStream in = bundle.getEntry("content.txt").openStream()) {
            return new String(in.readAllBytes());
        }
    }

    @Test
    void installsNewUpdatesChangedAndRemovesVanishedBundles() throws Exception {
        bundle("a", "1.0.0", "a1");
        Path b = bundle("b", "1.0.0", "b1");
        sync();
        assertEquals("a1", content(runtimeBundle("a")));
        long bId = runtimeBundle("b").getBundleId();

        bundle("a", "1.0.1", "a2");
        Files.delete(b);
        sync();
        assertEquals("a2", content(runtimeBundle("a")));
        assertEquals("1.0.1", runtimeBundle("a").getVersion().toString());
        assertNull(framework.getBundleContext().getBundle(bId));
    }

    @Test
    void rebuiltButIdenticalJarIsNotUpdated() throws Exception {
        Path a = bundle("a", "1.0.0", "same");
        sync();
        assertEquals(1, RuntimeBundles.recordDigests(RuntimeBundles.scan(folder, false), stamps));
        long modified = runtimeBundle("a").getLastModified();
        Thread.sleep(20);
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        sync();
        assertEquals(modified, runtimeBundle("a").getLastModified());
    }

    @Test
    void aJarWithoutItsDigestYetIsUpdatedWhenItsStampChanges() throws Exception {
        Path a = bundle("a", "1.0.0", "same");
        sync(); // a stop before the digests were recorded
        long modified = runtimeBundle("a").getLastModified();
        Thread.sleep(20);
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        sync();
        assertTrue(runtimeBundle("a").getLastModified() > modified, "updated: the safe side");
    }

    @Test
    void aJarChangedSinceItsInstallGetsNoDigestAndIsUpdated() throws Exception {
        bundle("a", "1.0.0", "a1");
        Map<String, RuntimeBundles.BundleJar> installed = RuntimeBundles.scan(folder, false);
        sync();
        Files.setLastModifiedTime(bundle("a", "1.0.0", "a2"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(0, RuntimeBundles.recordDigests(installed, stamps), "the jar is not the one installed");
        sync();
        assertEquals("a2", content(runtimeBundle("a")));
    }

    @Test
    void digestsSurviveInTheStampsFile() throws Exception {
        bundle("a", "1.0.0", "a1");
        sync();
        RuntimeBundles.recordDigests(RuntimeBundles.scan(folder, false), stamps);
        RuntimeBundles.Stamps read = new RuntimeBundles.Stamps(tmp.resolve("stamps.properties"));
        assertEquals(RuntimeBundles.digest(folder.resolve("a.jar")),
                read.get(RuntimeBundles.LOCATION_PREFIX + "a.sha256"));
        assertEquals(0, RuntimeBundles.recordDigests(RuntimeBundles.scan(folder, false), read), "once");
    }

    @Test
    void bundlesInstalledAtRunTimeAreLeftAlone() throws Exception {
        bundle("a", "1.0.0", "a1");
        sync();
        Path foreign = tmp.resolve("foreign.jar");
        Files.move(bundle("foreign", "1.0.0", "f"), foreign);
        BundleContext context = framework.getBundleContext();
        Bundle installed = context.installBundle(foreign.toUri().toString());
        sync();
        assertNotNull(context.getBundle(installed.getBundleId()));
    }

    @Test
    void shellBundlesAreSkippedUnlessAskedFor() throws Exception {
        bundle("org.apache.felix.gogo.shell", "1.1.4", "g");
        bundle("a", "1.0.0", "a1");
        assertEquals(1, RuntimeBundles.scan(folder, false).size());
        assertEquals(2, RuntimeBundles.scan(folder, true).size());
    }
}
