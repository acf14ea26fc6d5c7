package org.orrery.agents.codegen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;
import org.orrery.testsupport.FakeActionContext;

class CodegenAgentTest {

    @TempDir
    Path home;
    FakeChatServer server;
    ChatClient chat;
    SourceTree tree;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
        chat = new ChatClient(new ChatSettings(URI.create(server.baseUrl()), "tiny", "", Duration.ofSeconds(10), 0,
                Duration.ofMillis(1), Duration.ofSeconds(1), 0, 0.2), Sleeper.SYSTEM, Clock.systemUTC(), () -> 0.5);
        Files.createDirectories(home.resolve("src"));
        Files.writeString(home.resolve("src/A.java"), "class A { int f(int x) { return x > 0 ? x : -x; } }\n");
        tree = new SourceTree(home);
    }

    @AfterEach
    void stop() {
        chat.close();
        server.close();
    }

    CodegenAgent agent(Optional<ChatClient> model) {
        return new CodegenAgent("codegen", 2, new CodeAnalysis(tree), Runnable::run, model, new Prompts(tree, "", ""));
    }

    FakeActionContext context(String taskType, Map<String, Object> parameters) {
        return new FakeActionContext(parameters).forTask(TaskSpec.builder(taskType).capability(taskType)
                .parameters(parameters).build());
    }

    @Test
    void withoutALanguageModelOnlyCodeAnalysisIsOffered() {
        CodegenAgent agent = agent(Optional.empty());
        assertEquals(Set.of("code_analysis"), agent.capabilities());
        assertEquals("codegen", agent.type());
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> agent.validate("code_generation", Map.of("prompt", "hello")));
        assertTrue(e.getMessage().startsWith("task_type: expected one of [code_analysis]"), e.getMessage());
        assertEquals(Set.of("code_analysis", "code_generation", "code_review"), agent(Optional.of(chat)).capabilities());
    }

    @Test
    void validatesEachTaskTypesParametersWithoutTheDisk() throws Exception {
        CodegenAgent agent = agent(Optional.of(chat));
        agent.validate("code_analysis", Map.of("path", "made/by/an/earlier/task"));
        agent.validate("code_review", Map.of("files", List.of("made/later.java")));
        TaskParameterException escape = assertThrows(TaskParameterException.class,
                () -> agent.validate("code_analysis", Map.of("path", "src/../..")));
        assertTrue(escape.getMessage().startsWith("path: expected a path inside"), escape.getMessage());
        try (FakeActionContext context = context("code_analysis", Map.of("path", "made/by/an/earlier/task"))) {
            ExecutionException missing = assertThrows(ExecutionException.class,
                    () -> agent.execute(context).toCompletableFuture().get(10, TimeUnit.SECONDS));
            TaskParameterException e = assertInstanceOf(TaskParameterException.class, missing.getCause());
            assertTrue(e.getMessage().startsWith("path: expected an existing path"), e.getMessage());
        }
        TaskParameterException prompt = assertThrows(TaskParameterException.class,
                () -> agent.validate("code_generation", Map.of("language", "java")));
        assertTrue(prompt.getMessage().startsWith("prompt: "), prompt.getMessage());
        TaskParameterException review = assertThrows(TaskParameterException.class,
                () -> agent.validate("code_review", Map.of("instructions", "look")));
        assertTrue(review.getMessage().startsWith("code: "), review.getMessage());
        TaskParameterException outside = assertThrows(TaskParameterException.class,
                () -> agent.validate("code_review", Map.of("files", List.of("../etc/passwd"))));
        assertTrue(outside.getMessage().startsWith("files: expected a path inside"), outside.getMessage());
    }

    @Test
    void codeAnalysisRunsOnTheAgentsThreads() throws Exception {
        try (FakeActionContext context = context("code_analysis", Map.of("path", "src"))) {
            Map<String, Object> result = agent(Optional.empty()).execute(context).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(1, result.get("files"));
        }
    }

    @Test
    void codeReviewSendsTheFilesAndTheSystemPromptAndGivesTextAndUsage() throws Exception {
        try (FakeActionContext context = context("code_review", Map.of("instructions", "Find bugs.", "files", List.of("src/A.java")))) {
            Map<String, Object> result = agent(Optional.of(chat)).execute(context).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(((String) result.get("text")).startsWith("echo: "), result.toString());
            assertEquals("fake-model", result.get("model"));
            assertEquals(Map.of("prompt_tokens", 12L, "completion_tokens", 7L, "total_tokens", 19L), result.get("usage"));
            assertEquals("stop", result.get("finish_reason"));
        }
        String body = server.requests.get(0).body();
        assertTrue(body.contains(Prompts.DEFAULT_REVIEW_SYSTEM.substring(0, 40)), body);
        assertTrue(body.contains("Find bugs.") && body.contains("File src/A.java") && body.contains("return x > 0 ? x : -x;"),
                body);
    }

    @Test
    void cancellingTheTaskAbortsTheRequest() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        server.then(new FakeChatServer.Answer(200, Map.of(), FakeChatServer.reply("too late"), hold));
        try (FakeActionContext context = context("code_generation", Map.of("prompt", "write a parser", "language", "java"))) {
            var result = agent(Optional.of(chat)).execute(context).toCompletableFuture();
            while (server.requests.isEmpty()) {
                Thread.onSpinWait();
            }
            context.cancel(new TaskException("cancelled by a user"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertEquals("cancelled by a user", assertInstanceOf(TaskException.class, e.getCause()).getMessage());
        } finally {
            hold.countDown();
        }
        assertTrue(server.requests.get(0).body().contains("Language: java\\n\\nwrite a parser"), server.requests.get(0).body());
    }
}
