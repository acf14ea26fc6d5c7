package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny versioned-migration runner. The scripts are resources next to this class,
 * {@code migration/V<n>__<what>.sql}, listed in {@link #SCRIPTS} in order (a bundle cannot list
 * its class path portably). Each script runs in its own transaction together with the row it
 * adds to {@code schema_version}, so a script is applied completely or not at all. A database
 * whose version is newer than the newest script here is refused: this code would not know
 * what the newer columns mean.
 *
 * <p>A dialect may have its own version of a script ({@code migration/postgresql/V1__tasks.sql}):
 * then that one runs instead of the common one of the same name. On PostgreSQL each migration
 * transaction first locks {@code schema_version}, so that nodes starting together migrate one after
 * the other.
 */
final class Migrations {

    /** Every migration, oldest first. Add new ones at the end; never change a released one. */
    static final List<String> SCRIPTS = List.of("V1__tasks.sql", "V2__finished_at.sql", "V3__sequences.sql",
            "V4__targets.sql", "V5__executions.sql", "V6__module_execution_time.sql", "V7__task_tags_key.sql",
            "V8__status_index_execution.sql", "V9__partial_indexes.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Script(int version, String description, String resource) {
    }

    private final List<Script> scripts;
    private final Dialect dialect;

    Migrations(Dialect dialect) {
        this(dialect, SCRIPTS);
    }

    Migrations(Dialect dialect, List<String> names) {
        this.dialect = dialect;
        List<Script> list = new ArrayList<>();
        int expected = 1;
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
                throw new IllegalStateException("migration " + name + ": expected V" + expected + "__<what>.sql");
            }
            String own = dialect.migrationFolder() == null ? null : "migration/" + dialect.migrationFolder() + "/" + name;
            String resource = own != null && Migrations.class.getResource(own) != null ? own : "migration/" + name;
            list.add(new Script(expected++, m.group(2).replace('_', ' '), resource));
        }
        this.scripts = List.copyOf(list);
    }

    /** The scripts as this dialect runs them, oldest first. */
    List<Script> scripts() {
        return scripts;
    }

    int latest() {
        return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
    }

    /**
     * Brings the database up to {@link #latest()}.
     *
     * @param where names the database in messages (file or redacted URL)
     * @return the schema version now
     * @throws SchemaTooNewException when the database is newer than this code
     */
    int migrate(Connection connection, String where) throws SQLException, IOException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(255) NOT NULL, applied_at VARCHAR(64) NOT NULL)");
        }
        connection.setAutoCommit(false);
        try {
            int current = current(connection);
            connection.commit();
            check(current, where);
            for (Script script : scripts) {
                if (script.version() <= current) {
                    continue;
                }
                // again inside the write transaction: another process may have migrated meanwhile
                Optional<String> lock = dialect.migrationLock();
                if (lock.isPresent()) {
                    try (Statement st = connection.createStatement()) {
                        st.execute(lock.get());
                    }
                }
                int now = current(connection);
                check(now, where);
                if (now >= script.version()) {
                    connection.commit();
                    current = now;
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    for (String sql : statements(read(script.resource()))) {
                        st.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, script.version());
                    insert.setString(2, script.description());
                    insert.setString(3, java.time.Instant.now().toString());
                    insert.executeUpdate();
                }
                connection.commit();
                current = script.version();
            }
            return current;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void check(int current, String where) {
        if (current > latest()) {
            throw new SchemaTooNewException("task store " + where + ": the database schema is version " + current
                    + " but this org.orrery.store.jdbc bundle knows versions up to " + latest()
                    + "; install the newer bundle that wrote it, or point the store at another database");
        }
    }

    static int current(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("migration script " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statements of a script: {@code --} comments dropped, split at a ';' that ends a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
            if (code.isBlank()) {
                continue;
            }
            if (code.endsWith(";")) {
                current.append(code, 0, code.length() - 1);
                if (!current.toString().isBlank()) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(code).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** The database was written by a newer version of this bundle. */
    static final class SchemaTooNewException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SchemaTooNewException(String message) {
            super(message);
        }
    }
}
