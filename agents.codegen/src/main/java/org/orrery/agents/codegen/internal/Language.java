package org.orrery.agents.codegen.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A source language, known by a file's extension, with its comment syntax (for counting comment
 * lines): line comments start with one of {@code lineComments}; a block comment runs from
 * {@code blockStart} to {@code blockEnd} (null when the language has none).
 */
record Language(String name, List<String> lineComments, String blockStart, String blockEnd) {

    private static final Language C_LIKE = new Language("", List.of("//"), "/*", "*/");
    private static final Language HASH = new Language("", List.of("#"), null, null);

    private static final Map<String, Language> BY_EXTENSION = Map.ofEntries(
            c("java", "java"), c("kt", "kotlin"), c("kts", "kotlin"), c("scala", "scala"), c("groovy", "groovy"),
            c("c", "c"), c("h", "c"), c("cpp", "cpp"), c("cc", "cpp"), c("cxx", "cpp"), c("hpp", "cpp"),
            c("cs", "csharp"), c("go", "go"), c("rs", "rust"), c("swift", "swift"),
            c("js", "javascript"), c("mjs", "javascript"), c("jsx", "javascript"), c("ts", "typescript"),
            c("tsx", "typescript"), c("css", "css"), c("php", "php"),
            h("py", "python"), h("sh", "shell"), h("bash", "shell"), h("rb", "ruby"), h("pl", "perl"),
            h("r", "r"), h("yaml", "yaml"), h("yml", "yaml"), h("toml", "toml"), h("properties", "properties"),
            h("cfg", "properties"), Map.entry("bnd", new Language("bnd", List.of("#"), null, null)),
            Map.entry("bndrun", new Language("bnd", List.of("#"), null, null)),
            Map.entry("sql", new Language("sql", List.of("--"), "/*", "*/")),
            Map.entry("xml", new Language("xml", List.of(), "<!--", "-->")),
            Map.entry("html", new Language("html", List.of(), "<!--", "-->")),
            Map.entry("htm", new Language("html", List.of(), "<!--", "-->")),
            Map.entry("md", new Language("markdown", List.of(), "<!--", "-->")),
            Map.entry("json", new Language("json", List.of(), null, null)),
            Map.entry("txt", new Language("text", List.of(), null, null)));

    private static Map.Entry<String, Language> c(String extension, String name) {
        return Map.entry(extension, new Language(name, C_LIKE.lineComments, C_LIKE.blockStart, C_LIKE.blockEnd));
    }

    private static Map.Entry<String, Language> h(String extension, String name) {
        return Map.entry(extension, new Language(name, HASH.lineComments, null, null));
    }

    /** The language of a file name, or empty when its extension is not known. */
    static Optional<Language> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    boolean isJava() {
        return name.equals("java");
    }
}
