package org.orrery.store.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskTimeoutException;
import org.orrery.testsupport.FakeActionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

class StorageActionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @TempDir
    Path home;
    LocalFileStore store;
    StorageAction action;
    final AtomicLong now = new AtomicLong();

    @BeforeEach
    void open() throws Exception {
        store = new LocalFileStore(home.resolve("files"), KeyRing.load(null, LocalFileStoreTest.KEY_1, "k1"), 1 << 20);
        action = new StorageAction(store, now::get);
    }

    private Map<String, Object> run(Map<String, Object> parameters) throws Exception {
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            return action.execute(context).toCompletableFuture().get();
        }
    }

    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> options() {
        List<Arguments> all = new ArrayList<>();
        for (Object compression : new Object[] {null, false, true, "none", "gzip", "zstd"}) {
            for (boolean encryption : new boolean[] {false, true}) {
                for (boolean cache : new boolean[] {false, true}) {
                    for (boolean base64 : new boolean[] {false, true}) {
                        all.add(Arguments.of(compression, encryption, cache, base64));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "compression={0} encryption={1} cache={2} base64={3}")
    @MethodSource("options")
    void writeReadListDeleteWithEveryOption(Object compression, boolean encryption, boolean cache, boolean base64)
            throws Exception {
        byte[] content = base64 ? new byte[] {(byte) 0xff, 0, 1, (byte) 0xfe} : "Hello World ✓".getBytes(StandardCharsets.UTF_8);
        String data = base64 ? Base64.getEncoder().encodeToString(content) : new String(content, StandardCharsets.UTF_8);
        Map<String, Object> options = params("encryption", encryption, "cache", cache, "timeout", 30, "retries", 2);
        if (compression != null) {
            options.put("compression", compression);
        }
        assertTrue(schemaProblems(params("operation", "write", "path", "data/file.txt", "data", data, "encoding",
                base64 ? "base64" : "text", "options", options)).isEmpty());
        Map<String, Object> written = run(params("operation", "write", "path", "data/file.txt", "data", data,
                "encoding", base64 ? "base64" : "text", "options", options));
        assertEquals((long) content.length, written.get("size"));
        assertEquals(encryption, written.get("encrypted"));
        boolean compressed = Boolean.TRUE.equals(compression) || "gzip".equals(compression) || "zstd".equals(compression);
        assertEquals(compressed, written.get("compressed"));

        Map<String, Object> read = run(params("operation", "read", "path", "data/file.txt", "options", params("cache", cache)));
        assertEquals(base64 ? "base64" : "text", read.get("encoding"), "text that is not UTF-8 comes back as base64");
        assertEquals(data, read.get("data"));
        assertEquals(encryption, read.get("encrypted"));

        Map<String, Object> listed = run(params("operation", "list", "path", "data"));
        assertEquals(1, listed.get("total"));
        @SuppressWarnings("unchecked")
        Map<String, Object> file = ((List<Map<String, Object>>) listed.get("files")).get(0);
        assertEquals("data/file.txt", file.get("path"));
        assertEquals(compressed, file.get("compressed"));
        assertEquals(encryption, file.get("encrypted"));

        assertEquals(true, run(params("operation", "delete", "path", "data/file.txt")).get("deleted"));
        assertEquals(false, run(params("operation", "delete", "path", "data/file.txt")).get("deleted"));
    }

    @Test
    void theEventsOfASuccessfulWriteAreStartAndComplete() throws Exception {
        try (FakeActionContext context = new FakeActionContext(params("operation", "write", "path", "a", "data", "x"))) {
            action.execute(context).toCompletableFuture().get();
            assertEquals(List.of("start: write 'a'", "complete: write 'a'"), context.progress);
        }
    }

    @Test
    void aCancelledWriteLeavesNothingAndSaysCancelAndCleanup() throws Exception {
        store.write("a", "old".getBytes(StandardCharsets.UTF_8), org.orrery.files.WriteOptions.PLAIN);
        try (FakeActionContext context = new FakeActionContext(params("operation", "write", "path", "a", "data", "new"))) {
            context.cancel(new TaskException("cancelled by a user"));
            TaskException e = assertThrows(TaskException.class, () -> action.execute(context));
            assertEquals("cancelled by a user", e.getMessage());
            assertEquals(3, context.progress.size(), context.progress.toString());
            assertTrue(context.progress.get(1).startsWith("cancel: "));
            assertTrue(context.progress.get(2).startsWith("cleanup: "));
        }
        assertEquals("old", new String(store.read("a", false), StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(store.root())) {
            assertEquals(List.of("a"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aWriteOutOfTimeStopsMidwayRemovesItsTemporaryFileAndMayBeRetried() throws Exception {
        String big = "x".repeat(1_000_000);
        StorageAction slow = new StorageAction(store, () -> now.addAndGet(1_000_000_000L)); // every look at the clock: 1 s later
        Map<String, Object> p = params("operation", "write", "path", "big", "data", big, "options", params("timeout", 5, "retries", 1));
        try (FakeActionContext context = new FakeActionContext(p)) {
            TaskException e = assertThrows(TaskException.class, () -> slow.execute(context));
            assertInstanceOf(TaskTimeoutException.class, e);
            assertTrue(e.retryable(), "attempt 1 of retries 1");
            assertTrue(context.progress.get(1).startsWith("error: "), context.progress.toString());
            assertTrue(context.progress.get(2).startsWith("cleanup: "));
        }
        assertFalse(Files.exists(store.root().resolve("big")));
        try (Stream<Path> files = Files.list(store.root())) {
            assertEquals(0, files.count(), "no temporary file is left");
        }
        try (FakeActionContext second = new FakeActionContext(p).resumingFrom(Map.of(), 2)) {
            TaskException e = assertThrows(TaskException.class, () -> slow.execute(second));
            assertFalse(e.retryable(), "attempt 2 is past retries 1");
        }
    }

    @Test
    void storeRefusalsAreNotRetryable() throws Exception {
        run(params("operation", "write", "path", "a", "data", "x"));
        TaskException exists = assertThrows(TaskException.class,
                () -> run(params("operation", "write", "path", "a", "data", "y", "options", params("overwrite", false))));
        assertFalse(rootCause(exists).retryable());
        assertTrue(rootCause(exists).getMessage().contains("EXISTS"), exists.getMessage());
        TaskException missing = assertThrows(TaskException.class, () -> run(params("operation", "read", "path", "nope")));
        assertTrue(rootCause(missing).getMessage().contains("NOT_FOUND"));
        TaskException bad = assertThrows(TaskException.class, () -> run(params("operation", "read", "path", "a/../../x")));
        assertInstanceOf(TaskParameterException.class, rootCause(bad));
    }

    private static TaskException rootCause(Throwable t) {
        Throwable u = FakeActionContext.unwrap(t);
        return (TaskException) u;
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of(params("path", "a"), "operation"),
                Arguments.of(params("operation", "copy", "path", "a"), "operation"),
                Arguments.of(params("operation", "write", "path", "a"), "data"),
                Arguments.of(params("operation", "read"), "path"),
                Arguments.of(params("operation", "read", "path", "/etc/passwd"), "path"),
                Arguments.of(params("operation", "read", "path", 5), "path"),
                Arguments.of(params("operation", "write", "path", "a", "data", "x", "options", params("compression", "lz4")), "compression"),
                Arguments.of(params("operation", "write", "path", "a", "data", "x", "options", params("encryption", "yes")), "encryption"),
                Arguments.of(params("operation", "read", "path", "a", "options", params("timeout", 0)), "timeout"),
                Arguments.of(params("operation", "read", "path", "a", "options", params("retries", -1)), "retries"),
                Arguments.of(params("operation", "read", "path", "a", "options", params("retries", 1.5)), "retries"),
                Arguments.of(params("operation", "read", "path", "a", "options", params("colour", "red")), "colour"),
                Arguments.of(params("operation", "list", "limit", 0), "limit"),
                Arguments.of(params("operation", "read", "path", "a", "encoding", "hex"), "encoding"),
                Arguments.of(params("operation", "read", "path", "a", "extra", 1), "extra"),
                Arguments.of(params("operation", "write", "path", "a", "data", 5), "data"),
                Arguments.of(params("operation", "write", "path", "a", "data", params("k", 1), "encoding", "base64"), "data"));
    }

    @ParameterizedTest
    @MethodSource("badParameters")
    void badParametersAreRefusedBySchemaAndActionNamingTheField(Map<String, Object> parameters, String field) throws Exception {
        Set<ValidationMessage> problems = schemaProblems(parameters);
        assertFalse(problems.isEmpty(), "the schema refuses " + parameters);
        assertTrue(problems.toString().contains(field), problems.toString());
        if (!field.equals("path") || !(parameters.get("path") instanceof String)) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(new FakeActionContext(parameters)));
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
    }

    @Test
    void anObjectOrArrayIsStoredAsJsonTextAndReadAsTextOrParsedJson() throws Exception {
        Map<String, Object> object = params("target", "M42", "exposures", List.of(30, 60), "done", false);
        assertTrue(schemaProblems(params("operation", "write", "path", "o.json", "data", object)).isEmpty());
        Map<String, Object> written = run(params("operation", "write", "path", "o.json", "data", object));
        String json = "{\"target\":\"M42\",\"exposures\":[30,60],\"done\":false}";
        assertEquals((long) json.length(), written.get("size"));
        assertEquals(json, new String(store.read("o.json", false), StandardCharsets.UTF_8));

        Map<String, Object> asText = run(params("operation", "read", "path", "o.json"));
        assertEquals("text", asText.get("encoding"));
        assertEquals(json, asText.get("data"));
        Map<String, Object> asJson = run(params("operation", "read", "path", "o.json", "encoding", "json"));
        assertEquals("json", asJson.get("encoding"));
        assertEquals(object, asJson.get("data"));

        run(params("operation", "write", "path", "a.json", "data", List.of(1, "two", params("three", 3)),
                "options", params("compression", "gzip")));
        assertEquals(List.of(1, "two", params("three", 3)), run(params("operation", "read", "path", "a.json", "encoding", "json"))
                .get("data"));
        run(params("operation", "write", "path", "s.json", "data", "a \"quoted\" string", "encoding", "json"));
        assertEquals("\"a \\\"quoted\\\" string\"", new String(store.read("s.json", false), StandardCharsets.UTF_8));
        assertEquals("a \"quoted\" string", run(params("operation", "read", "path", "s.json", "encoding", "json")).get("data"));
    }

    @Test
    void aReadAnswersTheSizeItReadWhereTheListingCannotTellIt() throws Exception {
        byte[] large = LocalFileStoreTest.content(10_000_000);
        store.write("big.zst", large, new org.orrery.files.WriteOptions(org.orrery.files.Compression.ZSTD, false, true));
        assertEquals(-1, store.stat("big.zst").orElseThrow().size(), "no content size in this zstd frame's header");
        Map<String, Object> read = run(params("operation", "read", "path", "big.zst", "encoding", "base64"));
        assertEquals(10_000_000L, read.get("size"));
    }

    @Test
    void aReadAsJsonOfAFileThatIsNotJsonFailsForGood() throws Exception {
        run(params("operation", "write", "path", "t.txt", "data", "not {json"));
        TaskExecutionException e = assertThrows(TaskExecutionException.class,
                () -> run(params("operation", "read", "path", "t.txt", "encoding", "json")));
        assertTrue(e.getMessage().contains("'t.txt' is not JSON"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void timeoutAndRetriesBecomeTheTasksOwnWhereTheTaskSetNone() throws Exception {
        Map<String, Object> p = params("operation", "read", "path", "a", "options", params("timeout", 2.5, "retries", 4));
        TaskSpec prepared = action.prepare(TaskSpec.builder("storage").id("t").parameters(p).build());
        assertEquals(java.time.Duration.ofMillis(2500), prepared.timeout());
        assertEquals(4, prepared.retry().maxRetries());
        assertEquals(StorageAction.RETRY_DELAY, prepared.retry().retryDelay());
        assertEquals("t", prepared.id());
        assertEquals(p, prepared.parameters());

        TaskSpec own = TaskSpec.builder("storage").id("u").parameters(p).timeout(java.time.Duration.ofSeconds(9))
                .retry(org.orrery.task.RetryPolicy.fixed(1, java.time.Duration.ofSeconds(3))).build();
        TaskSpec kept = action.prepare(own);
        assertEquals(java.time.Duration.ofSeconds(9), kept.timeout(), "the task's own timeout wins");
        assertEquals(1, kept.retry().maxRetries(), "the task's own retry policy wins");

        TaskSpec none = TaskSpec.builder("storage").id("v").parameters(params("operation", "list")).build();
        assertTrue(action.prepare(none) == none, "nothing to take: the task as it is");
        TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.prepare(TaskSpec.builder("storage")
                .id("w").parameters(params("operation", "read", "path", "a", "options", params("retries", -1))).build()));
        assertTrue(e.getMessage().contains("options.retries"), e.getMessage());
    }

    @Test
    void aPathTheStoreRefusesIsRefusedAtSubmissionNamingTheField() throws Exception {
        for (String bad : List.of("../x", "/etc/passwd", "CON.txt", "a//b", "c:/x")) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.prepare(TaskSpec
                    .builder("storage").id("p").parameters(params("operation", "write", "path", bad, "data", "x")).build()));
            assertTrue(e.getMessage().contains("parameter 'path'") && e.getMessage().contains("is refused"), e.getMessage());
        }
        TaskSpec root = TaskSpec.builder("storage").id("r").parameters(params("operation", "list")).build();
        assertTrue(action.prepare(root) == root, "a listing of the root has no path to check");
    }

    @Test
    void theSchemaIsValidDraft202012() throws Exception {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertTrue(metaSchema.validate(MAPPER.readTree(action.parameterSchema())).isEmpty());
        assertTrue(schemaProblems(params("operation", "list")).isEmpty());
        assertTrue(schemaProblems(params("operation", "read", "path", "%2e%2e/x")).isEmpty());
    }

    private Set<ValidationMessage> schemaProblems(Map<String, Object> parameters) {
        JsonSchema schema = FACTORY.getSchema(action.parameterSchema());
        JsonNode node = MAPPER.valueToTree(parameters);
        return schema.validate(node);
    }

    @Test
    void aReadOfATamperedFileFailsWithoutData() throws Exception {
        run(params("operation", "write", "path", "s", "data", "secret", "options", params("encryption", true)));
        Path file = store.root().resolve("s");
        byte[] b = Files.readAllBytes(file);
        b[b.length - 1] ^= 1;
        Files.write(file, b);
        TaskException e = assertThrows(TaskException.class, () -> run(params("operation", "read", "path", "s")));
        assertInstanceOf(TaskExecutionException.class, rootCause(e));
        assertTrue(rootCause(e).getMessage().contains("TAMPERED"));
        assertFalse(rootCause(e).getMessage().contains("secret"));
    }
}
