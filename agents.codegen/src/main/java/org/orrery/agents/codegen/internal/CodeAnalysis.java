package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.task.ActionContext;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;

/**
 * The {@code code_analysis} task: lists a folder's files, then reads them one by one (progress
 * after each file, at most once per percent; cancellation checked between files) and sums lines per language; Java files are
 * parsed for their classes and methods' cyclomatic complexity. A file that does not parse is
 * listed with its problems; a file that cannot be read is counted and skipped.
 */
final class CodeAnalysis {

    static final String PATH = "path";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String MAX_FILES = "max_files";
    static final String MAX_METHODS = "max_methods";

    /** Files larger than this are counted but not read (generated or data files). */
    static final long MAX_FILE_BYTES = 2 * 1024 * 1024;

    private static final int DEFAULT_MAX_FILES = 10_000;
    private static final int DEFAULT_MAX_METHODS = 100;
    private static final int MAX_TYPES = 1_000;

    /** The parameters, checked. */
    record Request(Path folder, List<PathMatcher> includes, List<PathMatcher> excludes, int maxFiles, int maxMethods) {
    }

    private final SourceTree tree;

    CodeAnalysis(SourceTree tree) {
        this.tree = tree;
    }

    /** The parameters, checked on the disk (when the task runs): an existing folder really under the root. */
    Request request(Map<String, Object> parameters) throws TaskParameterException {
        return read(parameters, true);
    }

    /**
     * Checks the parameters at submission, without the disk (the folder may be made by a task
     * this one depends on): a path that stays under the root, globs, positive limits.
     */
    void check(Map<String, Object> parameters) throws TaskParameterException {
        read(parameters, false);
    }

    private Request read(Map<String, Object> parameters, boolean onDisk) throws TaskParameterException {
        Object path = parameters.get(PATH);
        if (!(path instanceof String p) || p.isBlank()) {
            throw new TaskParameterException(PATH + ": expected a folder (relative to " + tree.root() + "), found "
                    + Params.describe(path));
        }
        return new Request(onDisk ? tree.folder(p, PATH) : tree.lexical(p, PATH), Params.globs(parameters, INCLUDE),
                Params.globs(parameters, EXCLUDE), Params.positiveInt(parameters, MAX_FILES, DEFAULT_MAX_FILES),
                Params.positiveInt(parameters, MAX_METHODS, DEFAULT_MAX_METHODS));
    }

    Map<String, Object> run(ActionContext context) throws TaskException {
        Request request = request(context.parameters());
        SourceTree.Listing listing;
        try {
            listing = tree.list(request.folder(), request.includes(), request.excludes(), request.maxFiles());
        } catch (IOException e) {
            throw new TaskException("could not list " + request.folder() + ": " + e, Severity.MEDIUM, true, e);
        }
        Totals totals = new Totals();
        JavaComplexity java = new JavaComplexity();
        int done = 0;
        int reported = 0;
        for (String name : listing.files()) {
            if (context.isCancelled()) {
                throw new TaskException("code analysis cancelled after " + done + " of " + listing.files().size() + " files",
                        Severity.LOW, false);
            }
            read(listing.folder().resolve(name), name, totals, java);
            done++;
            int percent = (int) (100L * done / listing.files().size());
            if (percent > reported || done == listing.files().size()) { // at most about 100 progress events
                reported = percent;
                context.progress((double) done / listing.files().size(), "read " + done + " of " + listing.files().size()
                        + " files: " + name);
            }
        }
        return totals.result(tree.root().relativize(request.folder()), listing, request.maxMethods());
    }

    private static void read(Path file, String name, Totals totals, JavaComplexity java) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                totals.tooLarge++;
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (binary(bytes)) {
                totals.binary++;
                return;
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            totals.unreadable.add(Map.of("file", name, "error", String.valueOf(e.getMessage())));
            return;
        }
        Language language = Language.of(name).orElse(null);
        LineCounts lines = LineCounts.count(text, language == null ? Totals.OTHER : language);
        totals.add(language == null ? "other" : language.name(), lines);
        if (language != null && language.isJava()) {
            totals.add(name, java.analyse(text));
        }
    }

    private static boolean binary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** What the files added up to. */
    private static final class Totals {
        static final Language OTHER = new Language("other", List.of(), null, null);

        final Map<String, long[]> languages = new TreeMap<>();
        LineCounts lines = LineCounts.ZERO;
        int files;
        int javaFiles;
        int tooLarge;
        int binary;
        final List<Map<String, Object>> unreadable = new ArrayList<>();
        final List<Map<String, Object>> types = new ArrayList<>();
        final List<Map<String, Object>> methods = new ArrayList<>();
        final List<Map<String, Object>> parseErrors = new ArrayList<>();
        long complexitySum;
        int typeCount;

        void add(String language, LineCounts counts) {
            files++;
            lines = lines.plus(counts);
            long[] sum = languages.computeIfAbsent(language, l -> new long[4]);
            sum[0]++;
            sum[1] += counts.code();
            sum[2] += counts.comment();
            sum[3] += counts.blank();
        }

        void add(String file, JavaComplexity.FileReport report) {
            javaFiles++;
            if (!report.problems().isEmpty()) {
                parseErrors.add(Map.of("file", file, "problems", report.problems()));
                return;
            }
            for (JavaComplexity.TypeInfo type : report.types()) {
                typeCount++;
                if (types.size() < MAX_TYPES) {
                    types.add(map("name", type.name(), "kind", type.kind(), "file", file, "line", type.line(), "methods",
                            type.methods()));
                }
            }
            for (JavaComplexity.MethodInfo method : report.methods()) {
                complexitySum += method.complexity();
                methods.add(map("class", method.type(), "name", method.name(), "signature", method.signature(), "file", file,
                        "line", method.line(), "complexity", method.complexity()));
            }
        }

        Map<String, Object> result(Path folder, SourceTree.Listing listing, int maxMethods) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("path", folder.toString().isEmpty() ? "." : folder.toString().replace('\\', '/'));
            result.put("files", files);
            result.put("lines", lines.toMap());
            Map<String, Object> byLanguage = new LinkedHashMap<>();
            languages.forEach((name, sum) -> {
                Map<String, Object> entry = new LineCounts(sum[1], sum[2], sum[3]).toMap();
                entry.put("files", sum[0]);
                byLanguage.put(name, entry);
            });
            result.put("languages", byLanguage);
            result.put("java", java(maxMethods));
            result.put("skipped", map("too_large", tooLarge, "binary", binary, "symlinks_out_of_root", listing.symlinksSkipped(),
                    "unreadable", unreadable));
            result.put("truncated", listing.truncated());
            return result;
        }

        private Map<String, Object> java(int maxMethods) {
            methods.sort(Comparator.<Map<String, Object>>comparingInt(m -> -(Integer) m.get("complexity"))
                    .thenComparing(m -> (String) m.get("file")).thenComparingInt(m -> (Integer) m.get("line")));
            Map<String, Object> java = new LinkedHashMap<>();
            java.put("files", javaFiles);
            java.put("classes", typeCount);
            java.put("methods", methods.size());
            java.put("average_complexity", methods.isEmpty() ? 0.0
                    : Math.round(100.0 * complexitySum / methods.size()) / 100.0);
            java.put("max_complexity", methods.isEmpty() ? 0 : methods.get(0).get("complexity"));
            java.put("most_complex", List.copyOf(methods.subList(0, Math.min(maxMethods, methods.size()))));
            java.put("class_list", types);
            java.put("class_list_truncated", typeCount > types.size());
            java.put("parse_errors", parseErrors);
            return java;
        }

        private static Map<String, Object> map(Object... pairs) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
            return map;
        }
    }
}
