package org.orrery.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of a test's own: {@code initdb} into a folder, {@code pg_ctl start} on
 * 127.0.0.1 and a free port, a database and user {@code orrery} with a password. Stop and start it
 * again to test a database that goes away and comes back; {@link #close()} stops it and deletes the
 * folder.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "orrery";
    public static final String USER = "orrery";
    public static final String PASSWORD = "orrery-test-password";
    private static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path socketDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, Path socketDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.socketDir = socketDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Creates and starts a server in {@code dir} (created; must be empty or absent).
     *
     * @throws IllegalStateException when no PostgreSQL server binaries are installed, naming the package
     */
    public static PostgresServer start(Path dir) throws IOException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dir);
        PostgresServer server = new PostgresServer(bin, dir.toAbsolutePath(), shortSocketFolder(), freePort(), root);
        if (root) {
            server.giveToPostgresUser(dir);
            server.giveToPostgresUser(server.socketDir);
        }
        Path pwfile = dir.resolve("superuser.pw");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) {
            server.giveToPostgresUser(pwfile);
        }
        server.run(Duration.ofSeconds(120), bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", SUPERUSER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync");
        Files.delete(pwfile);
        server.start();
        server.psql("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        server.psql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        return server;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/orrery}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Starts the (stopped) server again and waits until it takes connections. */
    public void start() throws IOException {
        run(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "50", "-o",
                "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + socketDir
                        + " -c max_connections=200 -c shared_buffers=128MB",
                "start");
    }

    /** Stops the server (fast shutdown: open connections are dropped) and waits until it is gone. */
    public void stop() throws IOException {
        run(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                "stop");
    }

    /** Runs SQL as the superuser over the server's Unix socket, in the database {@code postgres}. */
    public String psql(String sql) throws IOException {
        return psql("postgres", sql);
    }

    /** Runs SQL as the superuser over the server's Unix socket, in {@code database}. */
    public String psql(String database, String sql) throws IOException {
        return run(Duration.ofSeconds(60), bin.resolve("psql").toString(), "-h", socketDir.toString(), "-p",
                Integer.toString(port), "-U", SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);
    }

    /** The server's own log, for a failing test's message. */
    public String log() {
        try {
            Path log = dir.resolve("postgres.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * A folder for the server's Unix socket with a short path: a socket's path may not exceed
     * 107 bytes, and the test's own folder may lie deep in a checkout.
     */
    private static Path shortSocketFolder() throws IOException {
        Path tmp = Paths.get("/tmp");
        return Files.isDirectory(tmp) && Files.isWritable(tmp) ? Files.createTempDirectory(tmp, "orrery-pg")
                : Files.createTempDirectory("orrery-pg");
    }

    /** The path of the server's Unix socket, which must stay within the 107 bytes a socket path may have. */
    public Path socketPath() {
        return socketDir.resolve(".s.PGSQL." + port);
    }

    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop();
            }
        } finally {
            deleteTree(socketDir);
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** The folder with initdb, pg_ctl and psql: {@code PG_BIN}, else the newest {@code /usr/lib/postgresql/<n>/bin}. */
    public static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PostgresServer::versionNumber)).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries: install Debian's postgresql package"
                + " (apt-get install postgresql; .ci/run does) or point PG_BIN at a folder with initdb and pg_ctl");
    }

    private static int versionNumber(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void giveToPostgresUser(Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(SUPERUSER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(SUPERUSER);
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    private String run(Duration timeout, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        line.addAll(List.of(command));
        Path out = Files.createTempFile("pg-command", ".out");
        try {
            Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", line) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", line) + " exited with " + process.exitValue() + ":\n" + output
                        + "\n" + log());
            }
            return output.trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + line.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
