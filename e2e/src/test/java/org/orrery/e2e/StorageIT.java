package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 002's storage tasks in the runtime: the store.files bundle with a key configured in etc/,
 * tasks {@code storage} submitted through REST write, read, list and delete files under
 * {@code data/files} of the home; bad parameters are a 400 naming the field; the key is in no
 * service property.
 */
class StorageIT {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    static InstrumentApi api;
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("storage-" + UUID.randomUUID()).resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.store.files.cfg"), "key_id=e2e\nencryption_key=" + KEY + "\n");
        files = home.resolve("data/files");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort(), Map.of("ORRERY_ADMIN_PASSWORD", "storage-" + UUID.randomUUID())).awaitReady());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
            api = null;
        }
    }

    /** Runs a storage task to its end, retrying the submission while the action is not there yet (the store reads etc/ first). */
    private static JsonNode run(String parameters) {
        JsonNode[] task = new JsonNode[1];
        api.runtime.await("the storage action takes the task", Duration.ofSeconds(30), () -> {
            HttpResponse<String> answer = api.call("POST", "/tasks", "{\"action\": \"storage\", \"parameters\": " + parameters + "}");
            task[0] = answer.statusCode() < 300 ? InstrumentApi.json(answer) : null;
            return task[0] != null;
        });
        return api.awaitEnd(task[0].get("id").asText(), Duration.ofSeconds(60));
    }

    @Test
    void writeReadListDeleteThroughRest() throws Exception {
        // File Install hands etc/org.orrery.store.files.cfg to the store shortly after start: until then it has no key
        JsonNode[] last = new JsonNode[1];
        api.runtime.await("the store has its key", Duration.ofSeconds(30), () -> {
            last[0] = run("{\"operation\": \"write\", \"path\": \"data/file.txt\", \"data\": \"Hello World\","
                    + " \"options\": {\"compression\": \"zstd\", \"encryption\": true}}");
            return !last[0].toString().contains("NO_KEY");
        });
        JsonNode written = last[0];
        assertEquals("completed", written.get("status").asText(), written.toString());
        assertEquals(11, written.at("/result/size").asInt(), written.toString());
        assertTrue(written.at("/result/encrypted").asBoolean());
        Path onDisk = files.resolve("data/file.txt");
        byte[] stored = Files.readAllBytes(onDisk);
        assertEquals("ORFS", new String(stored, 0, 4, StandardCharsets.US_ASCII));
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("Hello"), "encrypted on disk");

        JsonNode read = run("{\"operation\": \"read\", \"path\": \"data/file.txt\"}");
        assertEquals("completed", read.get("status").asText(), read.toString());
        assertEquals("Hello World", read.at("/result/data").asText());
        assertEquals("zstd", read.at("/result/compression").asText());

        run("{\"operation\": \"write\", \"path\": \"data/plain.bin\", \"data\": \"AP8B\", \"encoding\": \"base64\"}");
        assertArrayEquals(new byte[] {0, (byte) 0xff, 1}, Files.readAllBytes(files.resolve("data/plain.bin")),
                "plain content is stored as is");
        JsonNode listed = run("{\"operation\": \"list\", \"path\": \"data\"}");
        assertEquals(2, listed.at("/result/total").asInt(), listed.toString());
        assertEquals("data/file.txt", listed.at("/result/files/0/path").asText());
        assertTrue(listed.at("/result/files/0/compressed").asBoolean());
        assertTrue(listed.at("/result/files/0/encrypted").asBoolean());
        assertFalse(listed.at("/result/files/1/encrypted").asBoolean());

        JsonNode refused = run("{\"operation\": \"write\", \"path\": \"data/file.txt\", \"data\": \"x\","
                + " \"options\": {\"overwrite\": false}}");
        assertEquals("failed", refused.get("status").asText(), refused.toString());
        assertTrue(refused.toString().contains("EXISTS"), refused.toString());

        JsonNode deleted = run("{\"operation\": \"delete\", \"path\": \"data/file.txt\"}");
        assertTrue(deleted.at("/result/deleted").asBoolean(), deleted.toString());
        assertFalse(Files.exists(onDisk));
    }

    @Test
    void optionsTimeoutAndRetriesAreTheTasksOwnAndAnObjectIsStoredAsJson() throws Exception {
        JsonNode task = run("{\"operation\": \"write\", \"path\": \"json/o.json\", \"data\": {\"target\": \"M42\","
                + " \"n\": [1, 2]}, \"options\": {\"timeout\": 12, \"retries\": 3}}");
        assertEquals("completed", task.get("status").asText(), task.toString());
        assertEquals(12.0, task.get("timeout").asDouble(), task.toString());
        assertEquals(3, task.get("max_retries").asInt(), task.toString());
        assertEquals("{\"target\":\"M42\",\"n\":[1,2]}", Files.readString(files.resolve("json/o.json")));
        JsonNode read = run("{\"operation\": \"read\", \"path\": \"json/o.json\", \"encoding\": \"json\"}");
        assertEquals("M42", read.at("/result/data/target").asText(), read.toString());
        assertEquals(2, read.at("/result/data/n/1").asInt(), read.toString());
    }

    @Test
    void badParametersAreA400NamingTheField() {
        run("{\"operation\": \"list\"}"); // the action is there
        HttpResponse<String> answer = api.call("POST", "/tasks", "{\"action\": \"storage\", \"parameters\":"
                + " {\"operation\": \"write\", \"path\": \"a\", \"data\": \"x\", \"options\": {\"compression\": \"lz4\"}}}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(InstrumentApi.json(answer).get("detail").asText().contains("compression"), answer.body());
        HttpResponse<String> absolute = api.call("POST", "/tasks", "{\"action\": \"storage\", \"parameters\":"
                + " {\"operation\": \"read\", \"path\": \"/etc/passwd\"}}");
        assertEquals(400, absolute.statusCode(), absolute.body());
        assertTrue(InstrumentApi.json(absolute).get("detail").asText().contains("path"), absolute.body());
    }

    @Test
    void aPathLeadingOutIsA400AndALinkLeadingOutFailsTheTaskWritingNothingOutside() throws Exception {
        run("{\"operation\": \"list\"}"); // the action is there
        HttpResponse<String> dots = api.call("POST", "/tasks", "{\"action\": \"storage\", \"parameters\":"
                + " {\"operation\": \"write\", \"path\": \"a/../../escaped.txt\", \"data\": \"x\"}}");
        assertEquals(400, dots.statusCode(), dots.body());
        String detail = InstrumentApi.json(dots).get("detail").asText();
        assertTrue(detail.contains("'path'") && detail.contains(".."), dots.body());
        assertFalse(Files.exists(files.getParent().resolve("escaped.txt")));

        // a link on the way out is found when the task runs (links may change until then)
        Path outside = Files.createTempDirectory("storage-it-outside");
        Files.createDirectories(files);
        Files.createSymbolicLink(files.resolve("out"), outside);
        JsonNode task = run("{\"operation\": \"write\", \"path\": \"out/escaped.txt\", \"data\": \"x\"}");
        assertEquals("failed", task.get("status").asText(), task.toString());
        assertTrue(task.toString().contains("BAD_PATH"), task.toString());
        assertFalse(Files.exists(outside.resolve("escaped.txt")));
    }

    @Test
    void theKeyIsInNoServicePropertyAndTheConsoleMasksIt() {
        run("{\"operation\": \"list\"}");
        String services = api.runtime.get("/system/console/services.json", "admin", api.password).body();
        assertTrue(services.contains("org.orrery.files.FileStore"), "the listing shows the store");
        assertFalse(services.contains(KEY), "the key is not a service property");
        for (String path : new String[] {"/system/console/config/configuration-status.txt",
            "/system/console/status-Configurations.txt", "/system/console/configMgr/org.orrery.store.files.json"}) {
            HttpResponse<String> page = api.runtime.get(path, "admin", api.password);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().contains("org.orrery.store.files"), path + ":\n" + page.body());
            assertFalse(page.body().contains(KEY), path + " shows the key:\n" + page.body());
        }
    }
}
