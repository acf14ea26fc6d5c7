package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Web Console and the security around it, attacked as a local user would: viewers and
 * operators are kept out of every console URL, another site's page cannot change anything,
 * console actions and refused calls reach the audit log with the status actually sent (and no
 * secrets), failed logins are throttled, and the home is private to its owner although the
 * runtime runs with a umask of 022.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSecurityIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String DB_SECRET = "s3cret-db-pass";
    static final String TARGET = "org.orrery.devices.alpaca";

    RuntimeProcess runtime;
    Path home;

    @BeforeAll
    void start() throws Exception {
        home = RuntimeLifecycleIT.WORK.resolve("console-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc"));
        // a secret in a configuration (SQLite ignores the password; the console must not show it)
        Files.writeString(home.resolve("etc/org.orrery.store.jdbc.cfg"), ".password = " + DB_SECRET + "\nretention.days = 90\n");
        runtime = RuntimeProcess.start("022", Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", ADMIN_PASSWORD)).awaitReady();
        for (String[] user : new String[][] {{"viewer", "viewer"}, {"operator", "operator"}}) {
            HttpResponse<String> created = send("POST", "/api/v1/users", "admin", ADMIN_PASSWORD, null,
                    "{\"name\": \"" + user[0] + "\", \"role\": \"" + user[1] + "\", \"password\": \"" + user[0] + "-password\"}",
                    "application/json");
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void viewersAndOperatorsGetNoConsoleUrlAtAll() throws Exception {
        long target = bundleId(TARGET);
        List<String> reads = List.of("/system/console/bundles.json", "/system/console/bundles", "/system/console/bundles/" + target,
                "/system/console/configMgr", "/system/console/configMgr/org.orrery.store.jdbc.json",
                "/system/console/config/configuration-status.txt", "/system/console/status-Configurations.txt",
                "/system/console/components", "/system/console/services.json", "/system/console/logs",
                "/system/console/res/lib/autosize.min.js", "/system/console/vmstat", "/system/console/");
        for (String user : List.of("viewer", "operator")) {
            for (String path : reads) {
                HttpResponse<String> answer = send("GET", path, user, user + "-password", null, null, null);
                assertEquals(403, answer.statusCode(), user + " GET " + path + ": " + answer.body());
                assertFalse(answer.body().contains(DB_SECRET));
            }
            HttpResponse<String> stop = send("POST", "/system/console/bundles/" + target, user, user + "-password", null,
                    "action=stop", "application/x-www-form-urlencoded");
            assertEquals(403, stop.statusCode(), stop.body());
            HttpResponse<String> install = install(user, user + "-password", null);
            assertEquals(403, install.statusCode(), install.body());
        }
        assertEquals("Active", bundle(TARGET).path("state").asText(), "the viewer's stop changed nothing");
        assertTrue(bundle(RuntimeLifecycleIT.DEPLOYABLE_NAME).isMissingNode(), "nothing was installed");
        assertEquals(401, send("GET", "/system/console/bundles.json", null, null, null, null, null).statusCode());
    }

    @Test
    @Order(2)
    void anotherSitesPageCannotChangeAnythingButCurlAndTheConsoleItselfCan() throws Exception {
        long target = bundleId(TARGET);
        String own = "http://127.0.0.1:" + runtime.port;
        for (String[] headers : new String[][] {{"Origin", "http://evil.example"}, {"Referer", "http://evil.example/x.html"},
                {"Origin", "http://evil.example:" + runtime.port}, {"Origin", "null"}}) {
            HttpResponse<String> stop = send("POST", "/system/console/bundles/" + target, "admin", ADMIN_PASSWORD, headers,
                    "action=stop", "application/x-www-form-urlencoded");
            assertEquals(403, stop.statusCode(), headers[0] + ": " + headers[1] + " " + stop.body());
        }
        HttpResponse<String> install = install("admin", ADMIN_PASSWORD, new String[] {"Origin", "http://evil.example"});
        assertEquals(403, install.statusCode(), install.body());
        assertTrue(bundle(RuntimeLifecycleIT.DEPLOYABLE_NAME).isMissingNode(), "nothing was installed");
        assertEquals("Active", bundle(TARGET).path("state").asText(), "a cross-site stop changed nothing");

        assertEquals(200, send("POST", "/system/console/bundles/" + target, "admin", ADMIN_PASSWORD, new String[] {"Origin", own},
                "action=stop", "application/x-www-form-urlencoded").statusCode());
        assertEquals("Resolved", bundle(TARGET).path("state").asText());
        assertEquals(200, send("POST", "/system/console/bundles/" + target, "admin", ADMIN_PASSWORD, null,
                "action=start", "application/x-www-form-urlencoded").statusCode(), "curl sends no Origin");
        assertEquals("Active", bundle(TARGET).path("state").asText());
    }

    @Test
    @Order(3)
    void theConsoleShowsNoSecretsAndConfigurationFilesArePrivate() throws Exception {
        for (String path : List.of("/system/console/config/configuration-status.txt", "/system/console/status-Configurations.txt")) {
            HttpResponse<String> status = send("GET", path, "admin", ADMIN_PASSWORD, null, null, null);
            assertEquals(200, status.statusCode(), path);
            assertFalse(status.body().contains(DB_SECRET), path + " shows the database password:\n" + status.body());
            assertTrue(status.body().contains(".password = ********"), path + ":\n" + status.body());
        }
        runtime.await("every configuration file is 0600", Duration.ofSeconds(20), () -> {
            try (Stream<Path> files = Files.walk(home)) {
                return files.filter(f -> f.toString().endsWith(".config") || f.toString().endsWith(".cfg"))
                        .allMatch(f -> "rw-------".equals(mode(f)));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    @Order(4)
    void theHomeIsPrivateToItsOwnerWhateverTheUmask() throws Exception {
        for (String folder : List.of("", "etc", "data", "logs", "deploy")) {
            assertEquals("rwx------", mode(home.resolve(folder)), folder);
        }
        for (String file : List.of("logs/orrery.log", "logs/audit.log", "data/tasks.db", "data/users.json")) {
            assertEquals("rw-------", mode(home.resolve(file)), file);
        }
        try (Stream<Path> db = Files.list(home.resolve("data"))) {
            db.filter(f -> f.getFileName().toString().startsWith("tasks.db"))
                    .forEach(f -> assertEquals("rw-------", mode(f), f.toString()));
        }
    }

    @Test
    @Order(5)
    void theAuditLogHoldsConsoleActionsRefusalsAndTheStatusActuallySent() throws Exception {
        String pid = "/system/console/configMgr/org.orrery.test.audited";
        int updated = send("POST", pid, "admin", ADMIN_PASSWORD, null, "apply=true&propertylist=colour&colour=blue",
                "application/x-www-form-urlencoded").statusCode(); // the console redirects to the page after an update
        int deleted = send("POST", pid, "admin", ADMIN_PASSWORD, null, "apply=true&delete=true",
                "application/x-www-form-urlencoded").statusCode();
        String query = "?access_token=orrery_stolen_secret&probe=refused";
        assertEquals(401, send("GET", "/api/v1/tasks" + query, null, null, null, null, null).statusCode());
        int stalled = stalledPost();
        Path audit = home.resolve("logs/audit.log");
        runtime.await("the audit log has the stalled POST", Duration.ofSeconds(20), () -> read(audit).contains("probe=stalled"));
        String log = read(audit);
        assertTrue(log.contains("user=admin role=admin console bundle stop " + TARGET), log);
        assertTrue(log.contains("user=admin role=admin console bundle start " + TARGET), log);
        assertTrue(log.contains("user=viewer role=viewer console POST /system/console/bundles/"), log);
        assertTrue(log.contains("user=admin role=admin console configuration update org.orrery.test.audited status=" + updated), log);
        assertTrue(log.contains("user=admin role=admin console configuration delete org.orrery.test.audited status=" + deleted), log);
        assertTrue(log.contains("user=viewer role=viewer console GET /system/console/bundles.json status=403 from=127.0.0.1"), log);
        assertTrue(log.contains("user=admin role=admin console POST /system/console/bundles status=403"), "cross-site install:\n" + log);
        assertTrue(log.contains("user=- role=- GET /api/v1/tasks?access_token=****&probe=refused status=401"), log);
        assertFalse(log.contains("orrery_stolen_secret"), log);
        String stalledLine = log.lines().filter(l -> l.contains("probe=stalled")).findFirst().orElseThrow();
        assertFalse(stalledLine.contains("status=200"), stalledLine);
        if (stalled > 0) {
            assertTrue(stalledLine.contains("status=" + stalled), "the client got " + stalled + ": " + stalledLine);
        }
    }

    @Test
    @Order(6)
    void failedLoginsAreThrottledAcrossApiAndConsoleAndTheRightPasswordWorksAfterwards() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, send("GET", "/api/v1/tasks", "operator", "guess-" + i, null, null, null).statusCode());
        }
        HttpResponse<String> throttled = send("GET", "/system/console/bundles.json", "operator", "operator-password", null, null, null);
        assertEquals(429, throttled.statusCode(), "the console counts the API's failures: " + throttled.body());
        assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
        assertEquals(429, send("GET", "/api/v1/tasks", "admin", ADMIN_PASSWORD, null, null, null).statusCode(),
                "the address is throttled for every user");
        runtime.await("the right password works again", Duration.ofSeconds(10),
                () -> send("GET", "/api/v1/tasks", "operator", "operator-password", null, null, null).statusCode() == 200);
        assertEquals(200, send("GET", "/api/v1/tasks", "admin", ADMIN_PASSWORD, null, null, null).statusCode());
    }

    /** A POST whose body never arrives in full: the client closes its side after half of it. */
    private int stalledPost() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", runtime.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tasks?probe=stalled HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + RuntimeProcess.basic("admin", ADMIN_PASSWORD) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200\r\n\r\n{\"name\": \"half").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
        } catch (IOException e) {
            return -1; // the server closed the connection without an answer
        }
    }

    private HttpResponse<String> install(String user, String password, String[] header) throws IOException {
        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"action", "install"}, {"bundlestart", "start"}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1]
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"x.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(RuntimeLifecycleIT.DEPLOYABLE));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.uri("/system/console/bundles")).timeout(Duration.ofSeconds(20))
                .header("Authorization", RuntimeProcess.basic(user, password))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (header != null) {
            request.header(header[0], header[1]);
        }
        return runtime.send(request.build());
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String[] header, String body,
            String type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", RuntimeProcess.basic(user, password));
        }
        if (header != null) {
            request.header(header[0], header[1]);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return runtime.send(request.build());
    }

    private JsonNode bundle(String symbolicName) throws IOException {
        JsonNode bundles = JSON.readTree(send("GET", "/system/console/bundles.json", "admin", ADMIN_PASSWORD, null, null, null).body());
        for (JsonNode bundle : bundles.path("data")) {
            if (symbolicName.equals(bundle.path("symbolicName").asText())) {
                return bundle;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private long bundleId(String symbolicName) throws IOException {
        return bundle(symbolicName).path("id").asLong();
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
