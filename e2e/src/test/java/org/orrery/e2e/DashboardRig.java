package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What the dashboard's browser tests share: one runtime (the real jar, simulated instruments)
 * with the users admin, operator and viewer, its admin API, and a headless browser. One per
 * test class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
final class DashboardRig implements AutoCloseable {

    static final String ADMIN_PASSWORD = "admin-password-1";

    final RuntimeProcess runtime;
    final InstrumentApi api;
    final Browser browser;

    private DashboardRig(RuntimeProcess runtime, InstrumentApi api, Browser browser) {
        this.runtime = runtime;
        this.api = api;
        this.browser = browser;
    }

    /** Starts a runtime in a fresh home named after {@code name}, makes the users and opens a browser. */
    static DashboardRig start(String name) throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve(name + "-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc"));
        RuntimeProcess runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", ADMIN_PASSWORD)).awaitReady();
        try {
            InstrumentApi api = new InstrumentApi(runtime);
            for (String role : new String[] {"viewer", "operator"}) {
                HttpResponse<String> created = api.call("POST", "/users",
                        "{\"name\": \"" + role + "\", \"role\": \"" + role + "\", \"password\": \"" + password(role) + "\"}");
                assertEquals(201, created.statusCode(), created.body());
            }
            return new DashboardRig(runtime, api, Browser.open(runtime.port));
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    /** The password of the user admin, operator or viewer. */
    static String password(String user) {
        return user.equals("admin") ? ADMIN_PASSWORD : user + "-password";
    }

    /** Signs the browser in as admin, operator or viewer (signing out first whoever was in). */
    Browser signInAs(String user) {
        browser.go("/orrery/");
        browser.script("sessionStorage.clear();");
        return browser.signIn(user, password(user));
    }

    @Override
    public void close() throws Exception {
        try {
            browser.close();
        } finally {
            runtime.close();
        }
    }
}
