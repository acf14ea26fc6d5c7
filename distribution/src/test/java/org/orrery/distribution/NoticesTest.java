package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticesTest {

    @TempDir
    Path dir;

    @Test
    void bundleLicenseClausesWithAttributesAndQuotedCommas() {
        assertEquals(List.of("Apache-2.0 (https://www.apache.org/licenses/LICENSE-2.0)", "EPL-1.0"),
                Notices.bundleLicences("Apache-2.0;link=\"https://www.apache.org/licenses/LICENSE-2.0\", EPL-1.0"));
        assertEquals(List.of("MIT (a, b)"), Notices.bundleLicences("MIT;description=\"a, b\""));
        assertEquals(List.of(), Notices.bundleLicences(null));
    }

    @Test
    void aPomWithoutLicencesTakesItsParentsFromTheRepository() throws Exception {
        Path repository = dir.resolve("repo");
        Path parent = Files.createDirectories(repository.resolve("org/example/parent/1.0")).resolve("parent-1.0.pom");
        Files.writeString(parent, "<project><licenses><license><name>MIT</name><url>https://mit</url></license></licenses></project>");
        String pom = "<project><!-- <license><name>not this</name></license> --><parent><groupId>org.example</groupId>"
                + "<artifactId>parent</artifactId><version>1.0</version></parent><artifactId>child</artifactId></project>";
        assertEquals(List.of("MIT (https://mit)"), Notices.pomLicences(pom, List.of(dir.resolve("elsewhere"), repository)));
        assertEquals(List.of(), Notices.pomLicences(pom, List.of()));
    }

    @Test
    void readsManifestsAndNoticeFilesAndSetsOrrerysOwnBundlesApart() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("bundle"));
        jar(folder.resolve("lib-1.0.jar"), "org.example.lib", "Apache-2.0", "META-INF/NOTICE", "Example NOTICE text");
        jar(folder.resolve("core.api.jar"), "org.orrery.core.api", null, null, null);
        List<Notices.Library> libraries = Notices.read(folder, List.of());
        String text = Notices.render(libraries);
        assertTrue(text.contains("lib-1.0.jar\n  Example 1.0\n  licence: Apache-2.0\n"), text);
        assertTrue(text.contains("== Orrery's own bundles ==\n\ncore.api.jar"), text);
        assertTrue(text.contains("lib-1.0.jar!/META-INF/NOTICE ---\n\nExample NOTICE text"), text);
    }

    static void jar(Path file, String symbolicName, String licence, String entry, String text) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Name", "Example");
        main.putValue("Bundle-Version", "1.0");
        if (licence != null) {
            main.putValue("Bundle-License", licence);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (entry != null) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(text.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }
}
