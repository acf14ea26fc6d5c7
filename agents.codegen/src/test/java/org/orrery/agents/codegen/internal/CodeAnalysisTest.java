package org.orrery.agents.codegen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

@SuppressWarnings("unchecked")
class CodeAnalysisTest {

    static final String SIMPLE = """
            package demo;

            /** A greeting. */
            public class Simple {
                // says hello
                public String hello(String name) {
                    return "hello " + name;
                }
            }
            """;

    /** grade: 1 + if + else-if + && + for + while + ?: + catch = 8; Inner.check: 1 + if + || = 3; the lambda counts for grade. */
    static final String BRANCHY = """
            package demo;

            import java.util.List;

            public class Branchy {
                private int total;

                /*
                 * A block comment
                 * of three lines.
                 */
                public Branchy() {
                    total = 0;
                }

                int grade(int score, List<Integer> extra) {
                    if (score > 90) {
                        return 1;
                    } else if (score > 50 && score < 60) {
                        return 2;
                    }
                    for (int i = 0; i < 3; i++) {
                        total++;
                    }
                    while (total > 10) {
                        total--;
                    }
                    try {
                        extra.forEach(e -> total += e > 0 ? e : 0);
                    } catch (RuntimeException e) {
                        total = -1;
                    }
                    return total;
                }

                static class Inner {
                    boolean check(String s) {
                        if (s == null || s.isEmpty()) {
                            return false;
                        }
                        return true;
                    }
                }
            }
            """;

    /** kind: 1 + 3 case labels (the default does not count) = 4. */
    static final String SWITCHY = """
            package demo;

            enum Switchy {
                A, B;

                static String kind(int n) {
                    return switch (n) {
                        case 1, 2 -> "small";
                        case 3 -> "three";
                        default -> "other";
                    };
                }
            }
            """;

    @TempDir
    Path home;
    SourceTree tree;
    CodeAnalysis analysis;

    @BeforeEach
    void tree() throws IOException {
        Path src = Files.createDirectories(home.resolve("project/src/demo"));
        Files.writeString(src.resolve("Simple.java"), SIMPLE);
        Files.writeString(src.resolve("Branchy.java"), BRANCHY);
        Files.writeString(src.resolve("Switchy.java"), SWITCHY);
        Files.writeString(src.resolve("Broken.java"), "package demo;\n\npublic class Broken {\n    void x( {\n}\n");
        Files.writeString(home.resolve("project/tool.py"), "# a tool\n\nimport sys\nprint(sys.argv)\n");
        Files.createDirectories(home.resolve("project/build"));
        Files.writeString(home.resolve("project/build/Generated.java"), "class Generated {}\n");
        Files.write(home.resolve("project/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        tree = new SourceTree(home);
        analysis = new CodeAnalysis(tree);
    }

    Map<String, Object> run(Map<String, Object> parameters) throws TaskException {
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            return analysis.run(context);
        }
    }

    @Test
    void countsFilesLinesAndLanguagesAndRanksMethodsByComplexity() throws Exception {
        Map<String, Object> result = run(Map.of("path", "project", "exclude", "build/**"));
        assertEquals("project", result.get("path"));
        assertEquals(5, result.get("files"), "4 Java files and a Python file; the PNG is binary, build/ excluded");
        Map<String, Object> languages = (Map<String, Object>) result.get("languages");
        assertEquals(List.of("java", "python"), List.copyOf(languages.keySet()));
        Map<String, Object> python = (Map<String, Object>) languages.get("python");
        assertEquals(Map.of("total", 4L, "code", 2L, "comment", 1L, "blank", 1L, "files", 1L), python);
        Map<String, Object> skipped = (Map<String, Object>) result.get("skipped");
        assertEquals(1, skipped.get("binary"));

        Map<String, Object> java = (Map<String, Object>) result.get("java");
        assertEquals(4, java.get("files"));
        List<Map<String, Object>> methods = (List<Map<String, Object>>) java.get("most_complex");
        assertEquals("grade", methods.get(0).get("name"));
        assertEquals("demo.Branchy", methods.get(0).get("class"));
        assertEquals(8, methods.get(0).get("complexity"));
        assertEquals(16, methods.get(0).get("line"));
        assertEquals("kind", methods.get(1).get("name"));
        assertEquals(4, methods.get(1).get("complexity"));
        assertEquals("check", methods.get(2).get("name"));
        assertEquals("demo.Branchy.Inner", methods.get(2).get("class"));
        assertEquals(3, methods.get(2).get("complexity"));
        assertEquals(List.of(1, 1), methods.subList(3, 5).stream().map(m -> m.get("complexity")).toList(),
                "the constructor and hello");
        assertEquals(5, java.get("methods"));
        assertEquals(8, java.get("max_complexity"));
        assertEquals(4, java.get("classes"), "Branchy, Inner, Simple, Switchy");

        List<Map<String, Object>> errors = (List<Map<String, Object>>) java.get("parse_errors");
        assertEquals(1, errors.size());
        assertEquals("src/demo/Broken.java", errors.get(0).get("file"));
        assertFalse(((List<String>) errors.get(0).get("problems")).isEmpty());
        assertTrue(((List<String>) errors.get(0).get("problems")).get(0).startsWith("line 4"), errors.toString());
    }

    @Test
    void countsJavaCommentAndBlankLines() {
        LineCounts counts = LineCounts.count(BRANCHY, Language.of("Branchy.java").orElseThrow());
        assertEquals(4, counts.comment(), "the four lines of the block comment");
        assertEquals(5, counts.blank());
        assertEquals(BRANCHY.lines().count(), counts.total());
        assertEquals(new LineCounts(2, 1, 0), LineCounts.count("int a; /* one */\n/* two\n */ int b;", Language.of("A.java")
                .orElseThrow()), "code and comment on one line is code; a line ending a comment with code is code");
    }

    @Test
    void includeGlobsAndMaxFilesChooseTheFiles() throws Exception {
        Map<String, Object> result = run(Map.of("path", "project", "include", List.of("**/*.py")));
        assertEquals(1, result.get("files"));
        Map<String, Object> limited = run(Map.of("path", "project", "max_files", 2));
        assertEquals(2, limited.get("files"));
        assertEquals(true, limited.get("truncated"));
    }

    @Test
    void reportsProgressAtMostOncePerPercent() throws Exception {
        Path many = Files.createDirectories(home.resolve("many"));
        for (int i = 0; i < 250; i++) {
            Files.writeString(many.resolve("f" + i + ".txt"), "x\n");
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("path", "many"))) {
            analysis.run(context);
            assertEquals(100, context.progress.size());
            assertEquals(1.0, context.fractions.get(99));
        }
    }

    @Test
    void reportsProgressPerFileAndStopsBetweenFilesWhenCancelled() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("path", "project/src"))) {
            analysis.run(context);
            assertEquals(4, context.progress.size());
            assertEquals(1.0, context.fractions.get(3));
            assertTrue(context.progress.get(0).startsWith("read 1 of 4 files: demo/"), context.progress.get(0));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("path", "project/src"))) {
            context.cancel(new TaskException("cancelled"));
            TaskException e = assertThrows(TaskException.class, () -> analysis.run(context));
            assertTrue(e.getMessage().contains("after 0 of 4 files"), e.getMessage());
            assertTrue(context.progress.isEmpty());
        }
    }

    @Test
    void pathsMayNotLeaveTheRoot(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("Secret.java"), "class Secret {}");
        assertRefused(Map.of("path", "../" + outside.getFileName()), "expected a path inside");
        assertRefused(Map.of("path", outside.toString()), "expected a path inside");
        assertRefused(Map.of("path", "project/missing"), "expected an existing path");
        assertRefused(Map.of("path", "project/tool.py"), "expected a folder");
        assertRefused(Map.of(), "path: expected a folder");
        assertRefused(Map.of("path", "project", "max_files", 0), "max_files: expected a whole number of at least 1");
        assertRefused(Map.of("path", "project", "include", List.of(3)), "include: expected a list of strings");
        assertRefused(Map.of("path", "project", "exclude", "[z-a]"), "exclude: expected a glob");

        Files.createSymbolicLink(home.resolve("link-out"), outside);
        assertRefused(Map.of("path", "link-out"), "is a link out of");
    }

    @Test
    void symlinksInsideTheTreeToFilesOutsideAreNotRead(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("Secret.java"), "class Secret { void s() { if (true) {} } }");
        Path dir = Files.createDirectories(home.resolve("linked"));
        Files.writeString(dir.resolve("Own.java"), "class Own {}");
        Files.createSymbolicLink(dir.resolve("Secret.java"), outside.resolve("Secret.java"));
        Files.createSymbolicLink(dir.resolve("Again.java"), dir.resolve("Own.java"));
        Files.createSymbolicLink(dir.resolve("outdir"), outside);
        Map<String, Object> result = run(Map.of("path", "linked"));
        assertEquals(2, result.get("files"), "Own.java and the link to it inside the root");
        assertEquals(2, ((Map<String, Object>) result.get("skipped")).get("symlinks_out_of_root"));
        assertEquals(0, ((Map<String, Object>) result.get("java")).get("methods"));
    }

    private void assertRefused(Map<String, Object> parameters, String expected) {
        TaskParameterException e = assertThrows(TaskParameterException.class, () -> analysis.request(parameters));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
