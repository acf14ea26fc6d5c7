package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orrery.agents.codegen.internal.FakeChatServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runtime's codegen agent over the REST API: a code_analysis task (named by its capability)
 * analyses a folder of the home; a code_generation task waits while no language model is
 * configured and completes once a configuration file in etc/ names the fake language-model
 * server of agents.codegen's tests — whose API key is sent as a bearer token and shown nowhere.
 */
class CodegenAgentIT {

    static final String KEY = "sk-e2e-" + UUID.randomUUID();

    static InstrumentApi api;
    static FakeChatServer model;

    @BeforeAll
    static void start() throws Exception {
        model = new FakeChatServer();
        Path home = RuntimeLifecycleIT.WORK.resolve("codegen-" + UUID.randomUUID());
        Path src = Files.createDirectories(home.resolve("code/src/demo"));
        Files.writeString(src.resolve("Grades.java"), """
                package demo;

                class Grades {
                    // 1 + if + else-if + && + for = 5
                    int grade(int score) {
                        if (score > 90) {
                            return 1;
                        } else if (score > 50 && score < 60) {
                            return 2;
                        }
                        for (int i = 0; i < 3; i++) {
                            score--;
                        }
                        return score;
                    }

                    int plain() {
                        return 0;
                    }
                }
                """);
        Files.writeString(src.resolve("Broken.java"), "class Broken { void x( }\n");
        Files.writeString(home.resolve("code/run.sh"), "#!/bin/sh\n# run it\necho hi\n");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort())
                .awaitReady());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
            api = null;
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void codeAnalysisOfAFolderOfTheHomeCompletesWithMethodsByComplexity() {
        JsonNode task = api.awaitEnd(api.submit("{\"name\": \"analyse\", \"action\": \"code_analysis\", \"capability\":"
                + " \"code_analysis\", \"parameters\": {\"path\": \"code\"}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", task.get("status").asText(), task.toString());
        JsonNode result = task.get("result");
        assertEquals(3, result.get("files").asInt(), result.toString());
        assertEquals(1, result.at("/languages/shell/files").asInt(), result.toString());
        assertEquals("grade", result.at("/java/most_complex/0/name").asText(), result.toString());
        assertEquals(5, result.at("/java/most_complex/0/complexity").asInt(), result.toString());
        assertEquals("src/demo/Broken.java", result.at("/java/parse_errors/0/file").asText(), result.toString());

        JsonNode outside = InstrumentApi.json(api.call("POST", "/tasks", "{\"action\": \"code_analysis\", \"capability\":"
                + " \"code_analysis\", \"parameters\": {\"path\": \"../..\"}}"));
        assertTrue(outside.toString().contains("path: expected a path inside"), outside.toString());
    }

    @Test
    void codeGenerationWaitsForALanguageModelAndRunsOnceOneIsConfigured() throws Exception {
        String id = api.submit("{\"name\": \"generate\", \"action\": \"code_generation\", \"capability\": \"code_generation\","
                + " \"parameters\": {\"prompt\": \"write hello world\", \"language\": \"java\"}}").get("id").asText();
        JsonNode[] seen = new JsonNode[1];
        api.runtime.await("the code_generation task waits for its capability", Duration.ofSeconds(20), () -> {
            seen[0] = api.ok(api.call("GET", "/tasks/" + id, null));
            return seen[0].get("status").asText().equals("pending")
                    && seen[0].path("waiting_for").asText().contains("capability code_generation");
        });
        assertTrue(model.requests.isEmpty());

        Files.writeString(api.runtime.home.resolve("etc/org.orrery.agents.codegen.cfg"), "base_url=" + model.baseUrl()
                + "\nmodel=tiny\napi_key=" + KEY + "\nrequest_timeout_s=20\n");
        JsonNode task = api.awaitEnd(id, Duration.ofSeconds(60));
        assertEquals("completed", task.get("status").asText(), task.toString());
        assertTrue(task.at("/result/text").asText().startsWith("echo: "), task.toString());
        assertEquals(19, task.at("/result/usage/total_tokens").asInt(), task.toString());
        assertEquals("stop", task.at("/result/finish_reason").asText(), task.toString());
        assertEquals("Bearer " + KEY, model.requests.get(0).authorization());

        String agentService = agentService();
        assertTrue(agentService.contains("code_generation"), "the agent's service lists its capabilities: " + agentService);
        assertFalse(agentService.contains(KEY), "the key is no service property");
        // the console's status pages: Config Admin's configurations (with the agent's) and DS components (with its component)
        for (String[] page : new String[][] {{"/system/console/status-Configurations.txt", "base_url"},
                {"/system/console/status-scr.txt", "org.orrery.agents.codegen.internal.CodegenComponent"}}) {
            String text = api.runtime.get(page[0], "admin", api.password).body();
            assertTrue(text.contains(page[1]), page[0] + " shows the codegen agent:\n" + text);
            assertFalse(text.contains(KEY), page[0] + " shows the key:\n" + text);
        }
        // the Web Console's configuration editor: the key is a password attribute, shown as a placeholder
        String editor = api.runtime.get("/system/console/configMgr/org.orrery.agents.codegen.json", "admin", api.password)
                .body();
        assertTrue(editor.contains("\"api_key\":{") && editor.contains("\"value\":\"tiny\""), editor);
        assertFalse(editor.contains(KEY), "the configuration editor shows the key: " + editor);
        String log = api.runtime.logFile();
        assertTrue(log.contains("Codegen agent 'codegen' offers [code_analysis, code_generation, code_review]"), log);
        assertFalse(log.contains(KEY), "the key is never logged");
    }

    /** The Web Console's details of the agent's service (its properties). */
    private static String agentService() {
        JsonNode services = InstrumentApi.json(api.runtime.get("/system/console/services.json", "admin", api.password));
        for (JsonNode service : services.path("data")) {
            // not org.orrery.agent.Agents, and the codegen bundle's (the process agent is an Agent too)
            if (service.path("types").asText().equals("[org.orrery.agent.Agent]")
                    && service.path("bundleSymbolicName").asText().equals("org.orrery.agents.codegen")) {
                return api.runtime.get("/system/console/services/" + service.path("id").asText() + ".json", "admin",
                        api.password).body();
            }
        }
        throw new AssertionError("no Agent service of org.orrery.agents.codegen in " + services);
    }
}
