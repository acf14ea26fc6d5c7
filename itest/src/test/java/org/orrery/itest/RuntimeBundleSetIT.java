package org.orrery.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.orrery.runtime.launcher.RunInstructions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Boots Apache Felix with the runtime's resolved bundle set (every jar bnd exported from
 * {@code cnf/orrery.bndrun} to {@code runtime/target/bundle}) and the launcher's system packages
 * and framework properties, and checks that the whole set comes up: bundles active, components
 * satisfied, Orrery's services there, health and Web Console answering over HTTP.
 *
 * <p>One framework per class ({@link PerClass}). The {@link #config()} method runs outside the
 * framework; the test methods run inside it, in a copy of this class loaded by Pax Exam's probe
 * bundle, so they learn the home folder and the port from the framework properties, not from
 * fields set by {@code config()}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeBundleSetIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String HOME_PROPERTY = "orrery.home";
    static final String PORT_PROPERTY = "org.osgi.service.http.port";
    static final List<String> ORRERY_BUNDLES = List.of("org.orrery.core.api", "org.orrery.auth",
            "org.orrery.web.api", "org.orrery.web.console", "org.orrery.log.bridge");

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    // ---------------------------------------------------------------- configuration (outside the framework)

    /**
     * Built once per JVM: Pax Exam calls {@link #config()} whenever the JUnit 4 runner is
     * created, and the JUnit platform under failsafe creates it twice (discovery, then execution).
     */
    private static final java.util.Map<Class<?>, Option[]> OPTIONS = new java.util.HashMap<>();
    private static boolean cleaned;

    @Configuration
    public Option[] config() throws IOException {
        return config(RuntimeBundleSetIT.class);
    }

    /** The options of one test class, built once per class (Pax Exam asks for them twice). */
    static Option[] config(Class<?> testClass) throws IOException {
        synchronized (RuntimeBundleSetIT.class) {
            Option[] built = OPTIONS.get(testClass);
            if (built == null) {
                built = createOptions();
                OPTIONS.put(testClass, built);
            }
            return built;
        }
    }

    static Option[] createOptions() throws IOException {
        Path bundleFolder = Path.of(System.getProperty("orrery.runtime.bundles", "../runtime/target/bundle"));
        Path runtimeBnd = Path.of(System.getProperty("orrery.runtime.bnd", "../cnf/runtime.bnd"));
        Path work = Path.of(System.getProperty("orrery.itest.dir", "target/itest"));
        if (!cleaned) { // only the last run's homes and framework storage are kept, for a look after a failure
            deleteTree(work);
            cleaned = true;
        }
        Files.createDirectories(work);

        Path home = Files.createTempDirectory(work, "home-");
        for (String part : List.of("etc", "deploy", "data", "logs")) {
            Files.createDirectories(home.resolve(part));
        }
        Path storage = Files.createTempDirectory(work, "framework-");

        List<Option> options = new ArrayList<>();
        // what the launcher passes to the framework from cnf/runtime.bnd
        if (!Files.isRegularFile(runtimeBnd)) {
            throw new IllegalStateException(runtimeBnd.toAbsolutePath()
                    + " is missing: it names the runtime's system packages and capabilities");
        }
        RunInstructions run = RunInstructions.read(runtimeBnd);
        String systemPackages = run.systemPackages();
        if (systemPackages == null || systemPackages.isBlank()) {
            throw new IllegalStateException(runtimeBnd.toAbsolutePath() + " has no -runsystempackages instruction");
        }
        options.add(systemPackages(splitClauses(systemPackages).toArray(String[]::new)));
        String systemCapabilities = run.systemCapabilities();
        if (systemCapabilities != null && !systemCapabilities.isBlank()) {
            options.add(frameworkProperty(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA).value(systemCapabilities));
        }
        options.add(frameworkProperty(Constants.FRAMEWORK_STORAGE).value(storage.toString()));
        options.add(frameworkProperty(Constants.FRAMEWORK_STORAGE_CLEAN).value(Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        options.add(frameworkProperty(HOME_PROPERTY).value(home.toString()));
        options.add(frameworkProperty(PORT_PROPERTY).value(Integer.toString(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.apache.felix.http.enable").value("true"));
        options.add(frameworkProperty("org.apache.felix.jakarta.websocket.enable").value("true"));
        options.add(frameworkProperty("felix.webconsole.security.providers").value("orrery"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc").toString()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(junitBundles());
        options.addAll(runtimeBundles(bundleFolder));
        return options.toArray(Option[]::new);
    }

    /** A {@code bundle("file:...")} option for every jar of the folder, except the Gogo shell's. */
    static List<Option> runtimeBundles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The runtime's bundle folder " + folder.toAbsolutePath()
                    + " is missing: build the runtime first ('./mvnw -B install -DskipTests' at the project root)");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            stream.forEach(jars::add);
        }
        jars.sort(null);
        List<Option> options = new ArrayList<>();
        for (Path jar : jars) {
            Attributes manifest;
            try (JarFile file = new JarFile(jar.toFile())) {
                manifest = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
            }
            String name = manifest == null ? null : manifest.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null) {
                throw new IllegalStateException(jar + " in the runtime's bundle folder is not a bundle (no Bundle-SymbolicName)");
            }
            if (name.split(";")[0].trim().startsWith("org.apache.felix.gogo.")) {
                continue; // the runtime installs the shell only when asked for it (--shell)
            }
            String url = jar.toAbsolutePath().toUri().toString();
            boolean fragment = manifest.getValue(Constants.FRAGMENT_HOST) != null;
            options.add(fragment ? bundle(url).noStart() : bundle(url));
        }
        if (options.isEmpty()) {
            throw new IllegalStateException("The runtime's bundle folder " + folder.toAbsolutePath()
                    + " holds no bundles: build the runtime first ('./mvnw -B install -DskipTests' at the project root)");
        }
        return options;
    }

    /** Splits an OSGi header at the commas between clauses (not at commas inside quotes). */
    static List<String> splitClauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(clauses, clause);
            } else {
                clause.append(c);
            }
        }
        add(clauses, clause);
        return clauses;
    }

    private static void add(List<String> clauses, StringBuilder clause) {
        String value = clause.toString().strip();
        if (!value.isEmpty()) {
            clauses.add(value);
        }
        clause.setLength(0);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- tests (inside the framework)

    @Test
    public void everyBundleBecomesActive() {
        await("every bundle active", () -> {
            List<String> inactive = new ArrayList<>();
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getBundleId() != 0 && !isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                    inactive.add(describe(bundle) + " is " + stateName(bundle.getState()));
                }
            }
            return inactive.isEmpty() ? null : inactive.size() + " bundle(s) not active:\n  " + String.join("\n  ", inactive);
        });
    }

    @Test
    public void everyEnabledComponentIsSatisfied() {
        await("every enabled DS component satisfied", () -> {
            List<String> problems = new ArrayList<>();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (!scr.isComponentEnabled(description) || description.factory != null) {
                    continue; // factory components are instantiated on request
                }
                String where = "component " + description.name + " of bundle " + description.bundle.symbolicName;
                var configurations = scr.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty()) {
                    if (!"require".equals(description.configurationPolicy)) {
                        problems.add(where + " has no configuration (not created)");
                    }
                    continue; // configurationPolicy=require without a configuration waits, which is fine
                }
                for (ComponentConfigurationDTO configuration : configurations) {
                    if (configuration.state == ComponentConfigurationDTO.ACTIVE
                            || configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        continue;
                    }
                    List<String> references = new ArrayList<>();
                    for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                        references.add(reference.name + " (" + interfaceOf(description, reference.name) + ")"
                                + (reference.target == null ? "" : " target " + reference.target));
                    }
                    problems.add(where + " is " + componentStateName(configuration.state)
                            + (references.isEmpty() ? "" : ", unsatisfied references: " + String.join(", ", references))
                            + (configuration.failure == null ? "" : ", failure: " + firstLine(configuration.failure)));
                }
            }
            return problems.isEmpty() ? null : problems.size() + " component(s) not satisfied:\n  " + String.join("\n  ", problems);
        });
    }

    @Test
    public void orreryBundlesAreActiveAndTheAuthenticatorIsRegistered() {
        await("Orrery's bundles active", () -> {
            List<String> problems = new ArrayList<>();
            for (String name : ORRERY_BUNDLES) {
                Bundle bundle = bundleNamed(name);
                if (bundle == null) {
                    problems.add(name + " is not installed");
                } else if (bundle.getState() != Bundle.ACTIVE) {
                    problems.add(describe(bundle) + " is " + stateName(bundle.getState()));
                }
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        });
        await("an org.orrery.security.Authenticator service", () ->
                context.getServiceReference("org.orrery.security.Authenticator") != null ? null
                        : "no org.orrery.security.Authenticator service is registered");
    }

    @Test
    public void healthIsUpAndTheWebConsoleAdmitsOnlyTheGeneratedAdminPassword() throws Exception {
        String base = "http://127.0.0.1:" + context.getProperty(PORT_PROPERTY);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        await("GET /api/v1/health answers 200 with status UP", () -> {
            HttpResponse<String> response = get(http, base + "/api/v1/health", null);
            if (response == null) {
                return "no HTTP server on " + base + " (yet)";
            }
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"") ? null
                    : "health answered " + response.statusCode() + ": " + shorten(response.body());
        });

        Path passwordFile = Path.of(context.getProperty(HOME_PROPERTY), "etc", "initial-admin-password");
        assertTrue(passwordFile + " was not written by org.orrery.auth on its first start", Files.isRegularFile(passwordFile));
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        assertTrue(passwordFile + " is empty", !password.isEmpty());

        String console = base + "/system/console/bundles";
        assertEquals("the Web Console without credentials", 401, status(http, console, null));
        assertEquals("the Web Console with the Felix default admin/admin", 401, status(http, console, "admin:admin"));
        assertEquals("the Web Console with admin and the generated password", 200,
                status(http, console, "admin:" + password));
        // stored once the framework has started, at the latest by the first login
        assertTrue("data/users.json was not written", Files.isRegularFile(
                Path.of(context.getProperty(HOME_PROPERTY), "data", "users.json")));
    }

    // ---------------------------------------------------------------- helpers

    /** Polls until {@code problem} returns null; fails with its last answer after {@link #TIMEOUT}. */
    static void await(String what, Supplier<String> problem) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last;
        while (true) {
            last = problem.get();
            if (last == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("Not reached within " + TIMEOUT.toSeconds() + " s: " + what + ". " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted while waiting for: " + what);
            }
        }
    }

    /** The response, or null when nothing listens on the port yet. */
    static HttpResponse<String> get(HttpClient http, String url, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + url, e);
        }
    }

    static int status(HttpClient http, String url, String credentials) {
        HttpResponse<String> response = get(http, url, credentials);
        if (response == null) {
            fail("GET " + url + ": nothing listens on the port");
        }
        return response.statusCode();
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }

    static String componentStateName(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "state " + state;
        };
    }

    /** The service interface of a reference (constructor references are named $000, $001, ...). */
    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        for (ReferenceDTO candidate : description.references) {
            if (candidate.name.equals(reference)) {
                return candidate.interfaceName;
            }
        }
        return "?";
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }
}
