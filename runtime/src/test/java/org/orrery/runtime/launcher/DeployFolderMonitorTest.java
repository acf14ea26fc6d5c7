package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFolderMonitorTest {

    @TempDir
    Path tmp;

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path path = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return path;
    }

    @Test
    void bundleIsRecognised() throws IOException {
        assertNull(DeployFolderMonitor.notABundle(jar("ok.jar", "com.example.ok")));
    }

    @Test
    void jarWithoutSymbolicNameIsNotABundle() throws IOException {
        String why = DeployFolderMonitor.notABundle(jar("plain.jar", null));
        assertTrue(why.contains("no Bundle-SymbolicName"), why);
    }

    @Test
    void fileThatIsNoJarIsSaidSo() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("garbage.jar"), "this is text");
        String why = DeployFolderMonitor.notABundle(garbage);
        assertTrue(why.startsWith("not a jar file"), why);
    }

    @Test
    void felixResolutionMessageBecomesTheMissingPackage() {
        String felix = "Unable to resolve test.unresolvable [55](R 55.0): missing requirement [test.unresolvable [55](R 55.0)]"
                + " osgi.wiring.package; (osgi.wiring.package=com.example.missing) Unresolved requirements:"
                + " [[test.unresolvable [55](R 55.0)] osgi.wiring.package; (osgi.wiring.package=com.example.missing)]";
        assertEquals("needs package com.example.missing which no installed bundle provides", DeployFolderMonitor.missing(felix));
    }

    @Test
    void unknownMessageIsKeptWhole() {
        assertEquals("something else", DeployFolderMonitor.missing("something else"));
    }
}
