package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The launcher's settings. Each comes from, in this order of precedence: its environment
 * variable, {@code etc/orrery.properties}, the default. A bad value in the file is reported
 * and replaced by the default (the runtime keeps working); a bad environment variable stops
 * the start, because the person who set it is there to read the message.
 *
 * <table>
 * <tr><th>property</th><th>environment</th><th>default</th></tr>
 * <tr><td>http.host</td><td>ORRERY_HTTP_HOST</td><td>127.0.0.1</td></tr>
 * <tr><td>http.port</td><td>ORRERY_HTTP_PORT</td><td>8080</td></tr>
 * <tr><td>shell</td><td>ORRERY_SHELL</td><td>false</td></tr>
 * <tr><td>log.level</td><td>ORRERY_LOG_LEVEL</td><td>info</td></tr>
 * <tr><td>framework.&lt;name&gt;</td><td></td><td>passed to the framework as &lt;name&gt;</td></tr>
 * </table>
 */
record RuntimeSettings(String httpHost, int httpPort, boolean shell, String logLevel,
        Map<String, String> frameworkProperties, List<String> problems) {

    static final String FILE_NAME = "orrery.properties";
    static final String FRAMEWORK_PREFIX = "framework.";
    static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");
    static final String ADMIN_PASSWORD_ENV = "ORRERY_ADMIN_PASSWORD";
    /** The shortest password: the same rule as the user directory's (auth's {@code UserDirectory.MIN_PASSWORD}). */
    static final int MIN_PASSWORD = 8;

    static final String DEFAULT_FILE = """
            # Orrery runtime settings. An environment variable, where named, wins over this file.
            # Changes take effect at the next start.

            # Address and port of the HTTP server (REST API, WebSocket, Web Console, dashboard).
            # Keep 127.0.0.1 unless other machines must reach this one.   (ORRERY_HTTP_HOST)
            #http.host=127.0.0.1
            #                                                               (ORRERY_HTTP_PORT)
            #http.port=8080

            # Start the Gogo shell on this terminal.                         (ORRERY_SHELL)
            #shell=false

            # error, warn, info, debug or trace.                             (ORRERY_LOG_LEVEL)
            #log.level=info

            # Any framework property, prefixed with 'framework.', for example:
            #framework.felix.fileinstall.poll=2000
            """;

    /**
     * Reads the settings.
     *
     * @throws LaunchException when an environment variable holds a value that cannot be used
     */
    static RuntimeSettings read(Path etc, Map<String, String> environment, List<String> arguments)
            throws LaunchException {
        checkAdminPassword(environment);
        List<String> problems = new ArrayList<>();
        Properties file = readFile(etc.resolve(FILE_NAME), problems);
        String host = text("http.host", "ORRERY_HTTP_HOST", "127.0.0.1", file, environment);
        if (host.isBlank()) {
            host = "127.0.0.1";
        }
        int port = port(file, environment, problems);
        boolean shell = arguments.contains("--shell")
                || bool("shell", "ORRERY_SHELL", file, environment, problems);
        String level = text("log.level", "ORRERY_LOG_LEVEL", "info", file, environment).toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            if (environment.containsKey("ORRERY_LOG_LEVEL")) {
                throw new LaunchException("ORRERY_LOG_LEVEL='" + level + "' is not a log level: use one of " + LOG_LEVELS);
            }
            problems.add(etc.resolve(FILE_NAME) + ": log.level='" + level + "' is not one of " + LOG_LEVELS + "; using info");
            level = "info";
        }
        Map<String, String> framework = new LinkedHashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(FRAMEWORK_PREFIX) && key.length() > FRAMEWORK_PREFIX.length()) {
                framework.put(key.substring(FRAMEWORK_PREFIX.length()), file.getProperty(key).trim());
            }
        }
        return new RuntimeSettings(host, port, shell, level, Map.copyOf(framework), List.copyOf(problems));
    }

    /**
     * Refuses a first-start admin password the API would refuse too (too short), naming its
     * length, never its value. Unset or blank means: generate one.
     */
    static void checkAdminPassword(Map<String, String> environment) throws LaunchException {
        String password = environment.get(ADMIN_PASSWORD_ENV);
        if (password != null && !password.isBlank() && password.length() < MIN_PASSWORD) {
            throw new LaunchException(ADMIN_PASSWORD_ENV + " holds " + password.length() + " character"
                    + (password.length() == 1 ? "" : "s") + "; a password needs at least " + MIN_PASSWORD
                    + " (or leave it unset, and Orrery generates one)");
        }
    }

    /** Writes the commented default file when there is none, so a user sees what can be set. */
    static void writeDefaultFile(Path etc) throws IOException {
        Path file = etc.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            Files.writeString(file, DEFAULT_FILE, StandardCharsets.UTF_8);
        }
    }

    private static Properties readFile(Path file, List<String> problems) {
        Properties properties = new Properties();
        if (!Files.exists(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(file + " cannot be read (" + HomeFolder.describe(e) + "); using the defaults for all its settings");
            return new Properties();
        }
        return properties;
    }

    private static String text(String key, String env, String fallback, Properties file, Map<String, String> environment) {
        String value = environment.get(env);
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null ? fallback : value.trim();
    }

    private static int port(Properties file, Map<String, String> environment, List<String> problems) throws LaunchException {
        String fromEnv = environment.get("ORRERY_HTTP_PORT");
        if (fromEnv != null) {
            Integer port = parsePort(fromEnv);
            if (port == null) {
                throw new LaunchException("ORRERY_HTTP_PORT='" + fromEnv + "' is not a port number (1-65535)");
            }
            return port;
        }
        String fromFile = file.getProperty("http.port");
        if (fromFile == null) {
            return 8080;
        }
        Integer port = parsePort(fromFile);
        if (port == null) {
            problems.add(FILE_NAME + ": http.port='" + fromFile.trim() + "' is not a port number (1-65535); using 8080");
            return 8080;
        }
        return port;
    }

    private static Integer parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            return port >= 1 && port <= 65535 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean bool(String key, String env, Properties file, Map<String, String> environment,
            List<String> problems) throws LaunchException {
        String fromEnv = environment.get(env);
        String value = fromEnv != null ? fromEnv : file.getProperty(key);
        if (value == null || value.isBlank()) {
            return false;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                if (fromEnv != null) {
                    throw new LaunchException(env + "='" + value + "' is not true or false");
                }
                problems.add(FILE_NAME + ": " + key + "='" + value.trim() + "' is not true or false; using false");
                return false;
        }
    }
}
