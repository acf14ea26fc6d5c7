package org.orrery.runtime.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instructions of {@code cnf/runtime.bnd}, which the build packs into the launcher jar:
 * the resolver, the launcher and the in-framework tests read the same system packages and
 * capabilities.
 */
public record RunInstructions(Map<String, String> instructions) {

    static final String RESOURCE = "/runtime.bnd";

    /** Reads a {@code runtime.bnd} file. */
    public static RunInstructions read(java.nio.file.Path file) throws IOException {
        try (BufferedReader reader = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    static RunInstructions fromClassPath() throws LaunchException {
        try (InputStream in = RunInstructions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LaunchException("the launcher jar lacks " + RESOURCE + ": rebuild it with './mvnw install'");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new LaunchException("cannot read " + RESOURCE + " from the launcher jar: " + e.getMessage());
        }
    }

    /** Parses bnd's properties syntax as far as runtime.bnd uses it: comments, key: value, continuations. */
    static RunInstructions parse(BufferedReader reader) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        StringBuilder logical = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String trimmed = line.strip();
            if (logical.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1);
                continue;
            }
            logical.append(trimmed);
            int separator = logical.indexOf(":");
            if (separator > 0) {
                result.put(logical.substring(0, separator).strip(), logical.substring(separator + 1).strip());
            }
            logical.setLength(0);
        }
        return new RunInstructions(Map.copyOf(result));
    }

    /** The {@code -runsystempackages} value, ready for {@code org.osgi.framework.system.packages.extra}. */
    public String systemPackages() {
        return instructions.getOrDefault("-runsystempackages", "");
    }

    /** The {@code -runsystemcapabilities} value, ready for {@code org.osgi.framework.system.capabilities.extra}. */
    public String systemCapabilities() {
        return instructions.getOrDefault("-runsystemcapabilities", "");
    }
}
