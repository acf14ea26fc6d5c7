package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The task database as the store bundle will find it (its configuration {@code
 * etc/org.orrery.store.jdbc.cfg}: SQLite at {@code data/tasks.db} by default, another SQLite file, or
 * PostgreSQL), opened by the launcher through the driver bundles of {@code bundle/} to read its schema
 * version before a start, for {@code check}, and to back it up.
 */
final class HomeDatabase {

    static final String CONFIGURATION = "org.orrery.store.jdbc.cfg";
    static final String DEFAULT_FILE = "data/tasks.db";
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** The SQLite file, or null for PostgreSQL. */
    private final Path file;
    private final String url;
    private final Properties credentials;

    private HomeDatabase(Path file, String url, Properties credentials) {
        this.file = file;
        this.url = url;
        this.credentials = credentials;
    }

    /** The database the home's configuration names. */
    static HomeDatabase of(Path home) throws LaunchException {
        Path cfg = home.resolve("etc").resolve(CONFIGURATION);
        Properties properties = new Properties();
        if (Files.exists(cfg)) {
            try (Reader reader = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new LaunchException(cfg + " cannot be read (" + HomeFolder.describe(e) + ")");
            }
        }
        String url = properties.getProperty("url", "").trim();
        if (url.isEmpty()) {
            return new HomeDatabase(home.resolve(DEFAULT_FILE), SQLITE_PREFIX + home.resolve(DEFAULT_FILE), null);
        }
        if (url.startsWith(SQLITE_PREFIX)) {
            String path = url.substring(SQLITE_PREFIX.length());
            int query = path.indexOf('?');
            Path sqlite = Path.of(query < 0 ? path : path.substring(0, query)).toAbsolutePath();
            return new HomeDatabase(sqlite, SQLITE_PREFIX + sqlite, null);
        }
        if (url.startsWith(POSTGRESQL_PREFIX)) {
            Properties credentials = new Properties();
            credentials.setProperty("user", properties.getProperty("user", "").trim());
            credentials.setProperty("password", properties.getProperty(".password", "").trim());
            credentials.setProperty("connectTimeout", "5");
            credentials.setProperty("loginTimeout", "5");
            return new HomeDatabase(null, url, credentials);
        }
        throw new LaunchException(cfg + ": url '" + url + "' is neither jdbc:sqlite: nor jdbc:postgresql:");
    }

    boolean sqlite() {
        return file != null;
    }

    /** The SQLite file (only when {@link #sqlite()}). */
    Path file() {
        return file;
    }

    /** Where the database is, for messages: the SQLite file, or the PostgreSQL URL without its query. */
    String describe() {
        return sqlite() ? file.toString() : url.replaceAll("\\?.*", "");
    }

    /** True when there is a database to open: always for PostgreSQL, for SQLite when its file exists. */
    boolean exists() {
        return !sqlite() || Files.exists(file);
    }

    /** Opens the database with the driver bundle of {@code jars}. */
    Connection open(BundleJars jars) throws LaunchException, SQLException {
        Driver driver;
        Properties properties;
        if (sqlite()) {
            if (System.getProperty("org.sqlite.tmpdir") == null) {
                // where the store unpacks the native library too (SqliteConnections)
                Path tmp = file.getParent().resolve("tmp").resolve("sqlite");
                try {
                    Files.createDirectories(tmp);
                } catch (IOException e) {
                    throw new LaunchException("cannot create " + tmp + " (" + HomeFolder.describe(e) + ")");
                }
                System.setProperty("org.sqlite.tmpdir", tmp.toString());
            }
            driver = jars.driver(BundleJars.SQLITE, "org.sqlite.JDBC");
            properties = new Properties();
            properties.setProperty("busy_timeout", "10000");
        } else {
            driver = jars.driver(BundleJars.POSTGRESQL, "org.postgresql.Driver");
            properties = credentials;
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new LaunchException("the driver does not take the URL " + describe());
        }
        return connection;
    }

    /** The schema version the store recorded ({@code MAX(version)} of {@code schema_version}); 0 for an empty database. */
    static int schemaVersion(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, "schema_version", null)) {
            if (!tables.next()) {
                return 0;
            }
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Refuses a SQLite database whose schema is newer than the store bundle of {@code jars} knows
     * (the store would refuse it too, but only after the start, leaving a runtime without tasks).
     * PostgreSQL is left to the store (a server may be slow to answer; {@code check} asks it). Skipped
     * when the home records that this very Orrery version ran on it last: opening SQLite in the
     * launcher costs about half a second of every start.
     */
    static void requireKnownSchema(Path home, BundleJars jars) throws LaunchException {
        if (HomeFormat.read(home.resolve("etc")).writtenBy().equals(OrreryVersion.current())
                && !OrreryVersion.current().equals(OrreryVersion.UNKNOWN)) {
            return; // this very Orrery ran on it last: its database cannot be newer (and the start stays fast)
        }
        HomeDatabase database;
        try {
            database = of(home);
        } catch (LaunchException e) {
            return; // an unsupported URL: the store says so when it activates
        }
        if (!database.sqlite() || !database.exists()) {
            return;
        }
        Optional<Integer> known;
        try {
            known = jars.knownSchemaVersion();
        } catch (IOException e) {
            return; // the store bundle itself will say what is wrong
        }
        if (known.isEmpty()) {
            return;
        }
        int version;
        try (Connection connection = database.open(jars)) {
            version = schemaVersion(connection);
        } catch (SQLException e) {
            return; // a locked or corrupt file: the store reports it in words
        }
        if (version > known.get()) {
            throw tooNew(database, version, known.get());
        }
    }

    static LaunchException tooNew(HomeDatabase database, int version, int known) {
        return new LaunchException("the task database " + database.describe() + " has schema version " + version
                + ", but this Orrery " + OrreryVersion.current() + " knows versions up to " + known
                + ": run the newer Orrery that wrote it, or restore a backup made by this version");
    }
}
