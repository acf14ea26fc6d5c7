package org.orrery.core.sequence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.TemplateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The templates (seed 000's TaskGenerator): built-ins from this bundle's {@code templates/}
 * resources (listed in {@code templates/index.txt}), and the {@code *.yaml}, {@code *.yml} and
 * {@code *.json} files of a folder, read again whenever asked (a file is parsed again only when it
 * changed); a file shadows a built-in of the same name, a broken file is skipped with a warning.
 */
public final class Templates {

    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);
    private static final String INDEX = "/templates/index.txt";
    private static final String BUILTIN = "builtin:org.orrery.core.sequence";

    /** A file as last read: its template, or null when it is broken. */
    private record Read(long modified, long size, TemplateInfo template) {
    }

    private final Path directory;
    private final SchemaCheck schemas = new SchemaCheck();
    /** Read on first use, not at start: parsing them and compiling their schemas costs ~0.4 s in a cold JVM. */
    private volatile Map<String, TemplateInfo> builtins;
    private final Map<Path, Read> files = new ConcurrentHashMap<>();

    /** @param directory the folder of template files; may be null or absent */
    public Templates(Path directory) {
        this.directory = directory;
    }

    private Map<String, TemplateInfo> builtins() {
        Map<String, TemplateInfo> read = builtins;
        if (read == null) {
            synchronized (this) {
                read = builtins;
                if (read == null) {
                    builtins = read = readBuiltins();
                }
            }
        }
        return read;
    }

    private Map<String, TemplateInfo> readBuiltins() {
        Map<String, TemplateInfo> found = new TreeMap<>();
        for (String line : resource(INDEX).split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            String name = file.replaceFirst("\\.(yaml|yml|json)$", "");
            try {
                found.put(name, read(name, resource("/templates/" + file), DocumentFormat.of(Path.of(file)), BUILTIN));
            } catch (SequenceValidationException e) {
                throw new IllegalStateException("the built-in template " + file + " is broken: " + e.getMessage(), e);
            }
        }
        return found;
    }

    private static String resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle has no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the resource " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a template.
     *
     * @throws SequenceValidationException the text is no template: not JSON/YAML, or its parameter schema is unusable
     */
    TemplateInfo read(String name, String text, DocumentFormat format, String source) throws SequenceValidationException {
        ParsedDocument parsed = DocumentText.parse(text, format);
        Map<String, Object> document = parsed.document();
        Object parameters = document.getOrDefault("parameters", Map.of("type", "object"));
        if (!(parameters instanceof Map)) {
            throw new SequenceValidationException(List.of(parsed.problem("/parameters",
                    "expected the JSON schema of the template's parameters (an object), found " + Describe.kind(parameters))));
        }
        String schema = DocumentText.write(parameters, DocumentFormat.JSON);
        try {
            schemas.compile(schema);
        } catch (IllegalArgumentException e) {
            throw new SequenceValidationException(List.of(parsed.problem("/parameters",
                    "the parameter schema cannot be used: " + e.getMessage())));
        }
        String description = document.get("description") instanceof String d ? d : "";
        return new TemplateInfo(name, description, source, schema, document);
    }

    /** Every template, by name; a file's shadows a built-in's. */
    public List<TemplateInfo> list() {
        Map<String, TemplateInfo> all = new TreeMap<>(builtins());
        all.putAll(fileTemplates());
        return List.copyOf(all.values());
    }

    public Optional<TemplateInfo> get(String name) {
        TemplateInfo file = fileTemplates().get(name);
        return file != null ? Optional.of(file) : Optional.ofNullable(builtins().get(name));
    }

    private Map<String, TemplateInfo> fileTemplates() {
        Map<String, TemplateInfo> found = new TreeMap<>();
        if (directory == null || !Files.isDirectory(directory)) {
            files.clear();
            return found;
        }
        List<Path> paths;
        try (Stream<Path> listing = Files.list(directory)) {
            paths = listing.filter(p -> p.getFileName().toString().matches("(?i).+\\.(yaml|yml|json)"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            LOG.warn("Template folder {} cannot be listed: {}", directory, e.toString());
            return found;
        }
        files.keySet().retainAll(paths);
        for (Path path : paths) {
            TemplateInfo template = file(path);
            if (template != null && found.putIfAbsent(template.name(), template) != null) {
                LOG.warn("Template file {} skipped: another file already gives the template '{}'", path, template.name());
            }
        }
        return found;
    }

    /** The file's template, read again only when the file changed; null when it is broken. */
    private TemplateInfo file(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            return null;
        }
        long modified = attributes.lastModifiedTime().toMillis();
        Read known = files.get(path);
        if (known != null && known.modified() == modified && known.size() == attributes.size()) {
            return known.template();
        }
        String fileName = path.getFileName().toString();
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        TemplateInfo template = null;
        try {
            if (attributes.size() > DocumentText.MAX_CHARS) {
                throw new IOException("it has " + attributes.size() + " bytes; a template has at most "
                        + DocumentText.MAX_CHARS);
            }
            template = read(name, Files.readString(path), DocumentFormat.of(path), "file:" + path);
        } catch (SequenceValidationException e) {
            LOG.warn("Template file {} skipped: {}", path, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Template file {} skipped: it cannot be read: {}", path, e.toString());
        }
        files.put(path, new Read(modified, attributes.size(), template));
        return template;
    }

    /**
     * A document made from a template: the parameters are checked against its schema (defaults of
     * its top-level properties filled in), each {@code ${p…}} naming a parameter is replaced (a
     * field that is exactly {@code ${p}} of an optional parameter not given is left out), the
     * {@code parameters} field is removed and the values are merged into {@code variables}. Other
     * macros (and {@code ${variables.…}}) are left for run time. The result is not yet validated
     * as a document.
     *
     * @throws SequenceNotFoundException no template has the name
     * @throws SequenceValidationException the parameters do not fit (pointers {@code /parameters/<name>})
     */
    public Map<String, Object> instantiate(String name, Map<String, Object> parameters)
            throws SequenceNotFoundException, SequenceValidationException {
        TemplateInfo template = get(name).orElseThrow(() -> new SequenceNotFoundException("no template named '" + name
                + "'; the templates are " + list().stream().map(TemplateInfo::name).toList()));
        Map<String, Object> values = new LinkedHashMap<>(parameters == null ? Map.of() : parameters);
        Set<String> declared = new TreeSet<>(values.keySet());
        if (template.document().get("parameters") instanceof Map<?, ?> schema
                && schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((key, property) -> {
                declared.add(String.valueOf(key));
                if (property instanceof Map<?, ?> p && p.containsKey("default") && !values.containsKey(String.valueOf(key))) {
                    values.put(String.valueOf(key), Steps.copy(p.get("default")));
                }
            });
        }
        List<SequenceProblem> problems = SchemaCheck.check(schemas.compile(template.parameterSchema()), values,
                "/parameters");
        if (!problems.isEmpty()) {
            throw new SequenceValidationException(problems);
        }
        Map<String, Object> document = Steps.copy(template.document());
        document.remove("parameters");
        Object kept = leaveOutAbsent(document, declared, values);
        Scope scope = new ParameterScope(values);
        @SuppressWarnings("unchecked")
        Map<String, Object> expanded = (Map<String, Object>) Macros.expand(kept, scope,
                path -> isParameter(path, declared), "");
        return withVariables(expanded, values);
    }

    /** Whether a macro's path names a template parameter: {@code ${p…}}, not {@code ${variables.p…}}. */
    private static boolean isParameter(FieldPath path, Set<String> declared) {
        return path.kind() == FieldPath.Kind.VARIABLE && !path.text().startsWith("variables.")
                && declared.contains(path.name());
    }

    /** The value without the map entries and list elements that are exactly {@code ${p}} of a parameter not given. */
    private static Object leaveOutAbsent(Object value, Set<String> declared, Map<String, Object> values) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!absent(v, declared, values)) {
                    copy.put(String.valueOf(k), leaveOutAbsent(v, declared, values));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.stream().filter(v -> !absent(v, declared, values)).forEach(v -> copy.add(leaveOutAbsent(v, declared,
                    values)));
            return copy;
        }
        return value;
    }

    private static boolean absent(Object value, Set<String> declared, Map<String, Object> values) {
        FieldPath path = value instanceof String text ? Macros.whole(text) : null;
        return path != null && path.keys().isEmpty() && isParameter(path, declared) && !values.containsKey(path.name());
    }

    /** The document with the parameter values merged into its variables, which come after name and description. */
    private static Map<String, Object> withVariables(Map<String, Object> document, Map<String, Object> values) {
        Map<String, Object> variables = new LinkedHashMap<>();
        if (document.get("variables") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> variables.put(String.valueOf(k), v));
        }
        values.forEach(variables::put);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("name", "description")) {
            if (document.containsKey(key)) {
                out.put(key, document.get(key));
            }
        }
        out.put("variables", variables);
        document.forEach(out::putIfAbsent);
        return out;
    }

    /** The template's parameters as the variables of a scope. */
    private record ParameterScope(Map<String, Object> values) implements Scope {

        @Override
        public Object variable(String name) {
            return values.containsKey(name) ? values.get(name) : MISSING;
        }

        @Override
        public Object stepResult(String id) {
            return MISSING;
        }

        @Override
        public String stepState(String id) {
            return null;
        }

        @Override
        public Integer iteration(String id) {
            return null;
        }
    }
}
