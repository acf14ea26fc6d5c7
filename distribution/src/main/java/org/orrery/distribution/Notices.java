package org.orrery.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the licence notices of the libraries a distribution ships, from the jars themselves:
 * each jar's {@code Bundle-License} header, else the {@code <licenses>} of the Maven POM packed
 * in it (or of its parent POMs, looked up in the local Maven repositories), plus the text of its
 * {@code META-INF/NOTICE} and {@code LICENSE} files (each distinct text once). Run at build time over {@code lib/} and {@code bundle/}, so the list follows the
 * bundle set instead of going stale. Orrery's own bundles are named apart. A third-party jar
 * with no licence information at all fails the build: someone must look at it.
 *
 * <p>Usage: {@code Notices <output file> [--repository=<local Maven repository>]... <folder>...}
 */
public final class Notices {

    /** Bundle symbolic names (prefix) of Orrery's own bundles. */
    static final String OWN_PREFIX = "org.orrery.";
    static final String REPOSITORY_OPTION = "--repository=";
    private static final Pattern POM_PARENT = Pattern.compile(
            "<parent>.*?<groupId>\\s*(.*?)\\s*</groupId>.*?<artifactId>\\s*(.*?)\\s*</artifactId>.*?"
                    + "<version>\\s*(.*?)\\s*</version>.*?</parent>", Pattern.DOTALL);
    private static final Pattern POM_LICENSE = Pattern.compile(
            "<license>.*?<name>\\s*(.*?)\\s*</name>(?:.*?<url>\\s*(.*?)\\s*</url>)?.*?</license>", Pattern.DOTALL);

    /** What one jar says about itself. */
    record Library(String file, String name, String version, String vendor, List<String> licences,
            Map<String, String> texts, boolean own) {
    }

    private Notices() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Notices <output file> <folder>...");
            System.exit(2);
        }
        List<Path> repositories = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith(REPOSITORY_OPTION)) {
                repositories.add(Path.of(args[i].substring(REPOSITORY_OPTION.length())));
            } else {
                folders.add(Path.of(args[i]));
            }
        }
        List<Library> libraries = new ArrayList<>();
        for (Path folder : folders) {
            libraries.addAll(read(folder, repositories));
        }
        List<String> unknown = libraries.stream().filter(l -> !l.own() && l.licences().isEmpty()).map(Library::file).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("no licence information (Bundle-License or a POM with <licenses>) in "
                    + unknown + ": find the licence and make the jar's metadata or this tool say it");
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, render(libraries), StandardCharsets.UTF_8);
    }

    /** Every jar of the folder, sorted by file name. */
    static List<Library> read(Path folder, List<Path> repositories) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Library> libraries = new ArrayList<>();
        for (Path jar : jars) {
            libraries.add(library(jar, repositories));
        }
        return libraries;
    }

    static Library library(Path jar, List<Path> repositories) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
            String symbolicName = first(main, "Bundle-SymbolicName");
            boolean own = symbolicName != null && symbolicName.startsWith(OWN_PREFIX);
            String name = firstNonNull(first(main, "Bundle-Name"), first(main, "Implementation-Title"), symbolicName,
                    jar.getFileName().toString());
            String version = firstNonNull(first(main, "Bundle-Version"), first(main, "Implementation-Version"), "");
            String vendor = firstNonNull(first(main, "Bundle-Vendor"), first(main, "Implementation-Vendor"), "");
            List<String> licences = bundleLicences(first(main, "Bundle-License"));
            Map<String, String> texts = new LinkedHashMap<>();
            String pom = null;
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String path = entry.getName();
                String upper = path.toUpperCase(java.util.Locale.ROOT);
                if (entry.isDirectory()) {
                    continue;
                }
                if (path.startsWith("META-INF/maven/") && path.endsWith("/pom.xml")) {
                    pom = text(file, entry);
                } else if (upper.startsWith("META-INF/NOTICE") || upper.startsWith("META-INF/LICENSE")) {
                    texts.put(path, text(file, entry));
                }
            }
            if (licences.isEmpty() && pom != null) {
                licences = pomLicences(pom, repositories);
            }
            return new Library(jar.getFileName().toString(), name, version, vendor, licences, texts, own);
        }
    }

    /**
     * The licences of a {@code Bundle-License} header: comma-separated clauses, each a name or URL
     * with optional {@code ;description=} and {@code ;link=} attributes; commas inside quotes are kept.
     */
    static List<String> bundleLicences(String header) {
        List<String> licences = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return licences;
        }
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                String text = clause.toString().trim();
                if (!text.isEmpty()) {
                    licences.add(describeClause(text));
                }
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return licences;
    }

    private static String describeClause(String clause) {
        String[] parts = clause.split(";");
        StringBuilder text = new StringBuilder(parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            int equals = attribute.indexOf('=');
            if (equals > 0) {
                text.append(" (").append(attribute.substring(equals + 1).trim()).append(')');
            }
        }
        return text.toString();
    }

    /** The licences a POM declares, or else the nearest parent POM found in the repositories declares. */
    static List<String> pomLicences(String pom, List<Path> repositories) throws IOException {
        String current = pom;
        for (int depth = 0; current != null && depth < 10; depth++) {
            current = current.replaceAll("(?s)<!--.*?-->", "");
            List<String> licences = new ArrayList<>();
            Matcher m = POM_LICENSE.matcher(current);
            while (m.find()) {
                licences.add(m.group(2) == null ? m.group(1) : m.group(1) + " (" + m.group(2) + ")");
            }
            if (!licences.isEmpty()) {
                return licences;
            }
            current = parentPom(current, repositories);
        }
        return List.of();
    }

    private static String parentPom(String pom, List<Path> repositories) throws IOException {
        Matcher parent = POM_PARENT.matcher(pom);
        if (!parent.find()) {
            return null;
        }
        String group = parent.group(1);
        String artifact = parent.group(2);
        String version = parent.group(3);
        for (Path repository : repositories) {
            Path file = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                    .resolve(artifact + "-" + version + ".pom");
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static String render(List<Library> libraries) {
        StringBuilder out = new StringBuilder();
        out.append("Orrery: licence notices of the libraries it ships\n")
                .append("(generated at build time from each jar's Bundle-License header or Maven POM)\n\n");
        out.append("== Third-party libraries ==\n\n");
        for (Library l : libraries) {
            if (!l.own()) {
                out.append(l.file()).append('\n')
                        .append("  ").append(l.name()).append(' ').append(l.version())
                        .append(l.vendor().isEmpty() ? "" : ", " + l.vendor()).append('\n');
                l.licences().forEach(licence -> out.append("  licence: ").append(licence).append('\n'));
                out.append('\n');
            }
        }
        out.append("== Orrery's own bundles ==\n\n");
        libraries.stream().filter(Library::own)
                .forEach(l -> out.append(l.file()).append(" (").append(l.name()).append(' ').append(l.version()).append(")\n"));
        out.append("\n== NOTICE and LICENSE files of the libraries (each distinct text once) ==\n");
        Map<String, List<String>> byText = new LinkedHashMap<>();
        for (Library l : libraries) {
            if (!l.own()) {
                l.texts().forEach((path, text) -> byText.computeIfAbsent(text.strip(), t -> new ArrayList<>())
                        .add(l.file() + "!/" + path));
            }
        }
        byText.forEach((text, where) -> out.append("\n--- ").append(String.join(", ", where)).append(" ---\n\n")
                .append(text).append('\n'));
        return out.toString();
    }

    private static String text(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String first(Attributes attributes, String name) {
        String value = attributes.getValue(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
