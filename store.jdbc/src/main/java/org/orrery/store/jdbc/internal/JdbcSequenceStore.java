package org.orrery.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.StoredStep;
import org.orrery.task.TaskStoreException;

/**
 * The {@link SequenceStore} on the task store's database: tables {@code sequences} and
 * {@code sequence_steps} (migration V3). Writes run in the {@link TaskDatabase}'s writer
 * transaction (its one writer connection and thread, group commit, reconnection); reads on its
 * reader connections. Every change has committed when the method returns.
 */
final class JdbcSequenceStore implements SequenceStore {

    private static final String COLUMNS = "id, name, state, document, run_state, created_at, updated_at";
    private static final String UNFINISHED = Arrays.stream(SequenceState.values()).filter(s -> !s.isTerminal())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    /** Refused because of the records: SQLState class 23 (PostgreSQL's test), SQLite's CONSTRAINT code 19. */
    private static final String REFUSED_STATE = "23000";
    private static final int SQLITE_CONSTRAINT = 19;

    private final TaskDatabase db;

    JdbcSequenceStore(TaskDatabase db) {
        this.db = db;
    }

    @Override
    public void insert(StoredSequence sequence) throws TaskStoreException {
        long created = nanos(sequence, sequence.createdAt());
        long updated = nanos(sequence, sequence.updatedAt());
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement("INSERT INTO sequences (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, sequence.id());
                ps.setString(2, sequence.name());
                ps.setString(3, sequence.state().name());
                ps.setString(4, sequence.document());
                ps.setString(5, sequence.runState());
                ps.setLong(6, created);
                ps.setLong(7, updated);
                if (ps.executeUpdate() == 0) {
                    throw refused("sequence " + sequence.id() + " exists already");
                }
            }
        });
    }

    /** The creation time stays the one inserted: it orders the listing. */
    @Override
    public void update(StoredSequence sequence, Collection<StoredStep> steps) throws TaskStoreException {
        long updated = nanos(sequence, sequence.updatedAt());
        List<StoredStep> rows = List.copyOf(steps);
        for (StoredStep step : rows) {
            if (!step.sequenceId().equals(sequence.id())) {
                throw new IllegalArgumentException("step " + step.key() + " belongs to sequence " + step.sequenceId()
                        + ", not to " + sequence.id());
            }
        }
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement("UPDATE sequences SET name = ?, state = ?, document = ?,"
                    + " run_state = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, sequence.name());
                ps.setString(2, sequence.state().name());
                ps.setString(3, sequence.document());
                ps.setString(4, sequence.runState());
                ps.setLong(5, updated);
                ps.setString(6, sequence.id());
                if (ps.executeUpdate() == 0) {
                    throw refused("sequence " + sequence.id() + " does not exist (insert it first)");
                }
            }
            if (!rows.isEmpty()) {
                try (PreparedStatement ps = w.prepareStatement("INSERT INTO sequence_steps (sequence_id, step_key,"
                        + " state) VALUES (?, ?, ?) ON CONFLICT (sequence_id, step_key) DO UPDATE SET"
                        + " state = excluded.state")) {
                    for (StoredStep step : rows) {
                        ps.setString(1, step.sequenceId());
                        ps.setString(2, step.key());
                        ps.setString(3, step.state());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        });
    }

    @Override
    public Optional<StoredSequence> get(String id) throws TaskStoreException {
        Objects.requireNonNull(id, "id");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sequences WHERE id = ?")) {
                ps.setString(1, id);
                List<StoredSequence> found = sequences(ps);
                return found.isEmpty() ? Optional.<StoredSequence>empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<StoredStep> steps(String sequenceId) throws TaskStoreException {
        Objects.requireNonNull(sequenceId, "sequenceId");
        return db.read(c -> {
            List<StoredStep> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT step_key, state FROM sequence_steps WHERE sequence_id = ? ORDER BY step_key")) {
                ps.setString(1, sequenceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredStep(sequenceId, rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Keyset paging: the rows after {@code afterId}'s (created_at, id). An {@code afterId} that is
     * not (or no longer) stored has no place in the order: the page is empty. {@code states} null
     * or empty: every state.
     */
    @Override
    public List<StoredSequence> list(Set<SequenceState> states, String afterId, int limit) throws TaskStoreException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sequences WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (states != null && !states.isEmpty()) {
            sql.append(states.stream().map(s -> "?").collect(Collectors.joining(", ", " AND state IN (", ")")));
            states.stream().map(Enum::name).sorted().forEach(args::add);
        }
        if (afterId != null) {
            sql.append(" AND (created_at, id) > ((SELECT created_at FROM sequences WHERE id = ?), ?)");
            args.add(afterId);
            args.add(afterId);
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        args.add(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                return sequences(ps);
            }
        });
    }

    @Override
    public List<StoredSequence> unfinished() throws TaskStoreException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sequences WHERE state IN "
                    + UNFINISHED + " ORDER BY created_at, id")) {
                return sequences(ps);
            }
        });
    }

    @Override
    public boolean delete(String id) throws TaskStoreException {
        Objects.requireNonNull(id, "id");
        AtomicBoolean deleted = new AtomicBoolean();
        db.write(w -> {
            // explicitly, not only through ON DELETE CASCADE: a connection without foreign keys removes them too
            try (PreparedStatement steps = w.prepareStatement("DELETE FROM sequence_steps WHERE sequence_id = ?");
                    PreparedStatement sequence = w.prepareStatement("DELETE FROM sequences WHERE id = ?")) {
                steps.setString(1, id);
                steps.executeUpdate();
                sequence.setString(1, id);
                deleted.set(sequence.executeUpdate() > 0);
            }
        });
        return deleted.get();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * A write refused because of what it writes: the writer fails only this caller (with this
     * message) and keeps its connection, as for a constraint the database itself reports.
     */
    private static SQLException refused(String message) {
        return new SQLException(message, REFUSED_STATE, SQLITE_CONSTRAINT);
    }

    private List<StoredSequence> sequences(PreparedStatement ps) throws SQLException {
        List<StoredSequence> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                try {
                    out.add(new StoredSequence(id, rs.getString("name"), SequenceState.valueOf(rs.getString("state")),
                            rs.getString("document"), rs.getString("run_state"), TimeKeys.instant(rs.getLong("created_at")),
                            TimeKeys.instant(rs.getLong("updated_at"))));
                } catch (RuntimeException e) {
                    throw new SQLException("sequence " + id + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private long nanos(StoredSequence sequence, Instant at) throws TaskStoreException {
        try {
            return TimeKeys.nanos(at);
        } catch (ArithmeticException e) {
            throw new TaskStoreException("task store " + db.where() + ": sequence " + sequence.id()
                    + " cannot be stored: " + at + " is outside the years 1677 to 2262", e);
        }
    }
}
