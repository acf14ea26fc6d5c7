package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskParameterException;

/**
 * The conversation sent for {@code code_generation} ({@code prompt}, optional {@code language}
 * and {@code code} to start from) and {@code code_review} ({@code instructions} or
 * {@code prompt}, with {@code code} and/or {@code files} under the agent's root, optional
 * {@code language}), each with its capability's system prompt.
 */
final class Prompts {

    static final String PROMPT = "prompt";
    static final String INSTRUCTIONS = "instructions";
    static final String CODE = "code";
    static final String FILES = "files";
    static final String LANGUAGE = "language";

    /** The most a review sends of its files together. */
    static final long MAX_REVIEW_BYTES = 256 * 1024;

    static final String DEFAULT_GENERATION_SYSTEM = "You are a careful senior software engineer. Write correct, idiomatic,"
            + " well-structured code that does what the user asks. Answer with the code in one fenced code block,"
            + " followed by a short explanation of anything not obvious.";
    static final String DEFAULT_REVIEW_SYSTEM = "You are a careful senior software engineer reviewing code. List concrete"
            + " defects first (bugs, security problems, missing error handling), each with the file and line and a fix,"
            + " then smaller points of design and style. Say so plainly when you find nothing wrong.";

    private final SourceTree tree;
    private final String generationSystem;
    private final String reviewSystem;

    Prompts(SourceTree tree, String generationSystem, String reviewSystem) {
        this.tree = tree;
        this.generationSystem = generationSystem.isBlank() ? DEFAULT_GENERATION_SYSTEM : generationSystem;
        this.reviewSystem = reviewSystem.isBlank() ? DEFAULT_REVIEW_SYSTEM : reviewSystem;
    }

    List<ChatClient.Message> generation(Map<String, Object> parameters) throws TaskParameterException {
        String prompt = Params.string(parameters, PROMPT);
        if (prompt == null || prompt.isBlank()) {
            throw new TaskParameterException(PROMPT + ": expected what to write, found " + Params.describe(prompt));
        }
        String language = Params.string(parameters, LANGUAGE);
        String code = Params.string(parameters, CODE);
        StringBuilder user = new StringBuilder();
        if (language != null && !language.isBlank()) {
            user.append("Language: ").append(language).append("\n\n");
        }
        user.append(prompt);
        if (code != null && !code.isBlank()) {
            user.append("\n\nStart from this code:\n").append(fence(code, language));
        }
        return List.of(new ChatClient.Message("system", generationSystem), new ChatClient.Message("user", user.toString()));
    }

    /** Checks a review's parameters at submission, without the disk (its files may not exist yet). */
    void checkReview(Map<String, Object> parameters) throws TaskParameterException {
        for (String name : List.of(INSTRUCTIONS, PROMPT, LANGUAGE)) {
            Params.string(parameters, name);
        }
        for (String file : Params.strings(parameters, FILES)) {
            tree.lexical(file, FILES);
        }
        String code = Params.string(parameters, CODE);
        if ((code == null || code.isBlank()) && Params.strings(parameters, FILES).isEmpty()) {
            throw new TaskParameterException(CODE + ": expected the code to review (or " + FILES
                    + ": files under the agent's root), found neither");
        }
    }

    List<ChatClient.Message> review(Map<String, Object> parameters) throws TaskParameterException {
        checkReview(parameters);
        String instructions = Params.string(parameters, INSTRUCTIONS);
        String prompt = Params.string(parameters, PROMPT);
        String code = Params.string(parameters, CODE);
        String language = Params.string(parameters, LANGUAGE);
        List<Path> files = new ArrayList<>();
        for (String file : Params.strings(parameters, FILES)) {
            files.add(tree.file(file, FILES));
        }
        StringBuilder user = new StringBuilder();
        String ask = instructions != null && !instructions.isBlank() ? instructions : prompt;
        user.append(ask != null && !ask.isBlank() ? ask : "Review this code.");
        if (language != null && !language.isBlank()) {
            user.append("\n\nLanguage: ").append(language);
        }
        if (code != null && !code.isBlank()) {
            user.append("\n\n").append(fence(code, language));
        }
        long bytes = 0;
        for (Path file : files) {
            String text;
            try {
                bytes += Files.size(file);
                if (bytes > MAX_REVIEW_BYTES) {
                    throw new TaskParameterException(FILES + ": expected at most " + MAX_REVIEW_BYTES / 1024
                            + " KiB of files together, found more (up to " + tree.root().relativize(file) + ")");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TaskParameterException(FILES + ": could not read '" + tree.root().relativize(file) + "' as UTF-8 text ("
                        + e.getClass().getSimpleName() + ")");
            }
            user.append("\n\nFile ").append(tree.root().relativize(file).toString().replace('\\', '/')).append(":\n")
                    .append(fence(text, Language.of(file.getFileName().toString()).map(Language::name).orElse(language)));
        }
        return List.of(new ChatClient.Message("system", reviewSystem), new ChatClient.Message("user", user.toString()));
    }

    private static String fence(String code, String language) {
        String marker = code.contains("```") ? "~~~~" : "```";
        return marker + (language == null ? "" : language) + "\n" + code + (code.endsWith("\n") ? "" : "\n") + marker;
    }
}
