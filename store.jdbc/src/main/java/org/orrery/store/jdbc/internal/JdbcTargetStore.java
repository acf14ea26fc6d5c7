package org.orrery.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;
import org.orrery.task.TaskStoreException;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The {@link TargetStore} on the task store's database: tables {@code target_frames},
 * {@code target_progress} and {@code target_decisions} (migration V4). Writes run in the {@link
 * TaskDatabase}'s writer transaction (one writer thread: concurrent {@code recordFrame} calls of
 * the same frame count it once), reads on its reader connections. Target names are stored by
 * {@link TargetStore#key(String)}.
 */
final class JdbcTargetStore implements TargetStore {

    private final TaskDatabase db;
    private final Clock clock;
    private final TargetDecisionJson json = new TargetDecisionJson();

    JdbcTargetStore(TaskDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public boolean recordFrame(String target, String plan, String frameId, boolean accepted)
            throws TaskStoreException {
        String key = TargetStore.key(Objects.requireNonNull(target, "target"));
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(frameId, "frameId");
        long now = TimeKeys.nanos(clock.instant());
        AtomicBoolean added = new AtomicBoolean();
        db.write(w -> {
            try (PreparedStatement frame = w.prepareStatement("INSERT INTO target_frames (target, frame_id, plan,"
                    + " accepted, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (target, frame_id) DO NOTHING")) {
                frame.setString(1, key);
                frame.setString(2, frameId);
                frame.setString(3, plan);
                frame.setInt(4, accepted ? 1 : 0);
                frame.setLong(5, now);
                added.set(frame.executeUpdate() > 0);
            }
            if (!added.get()) {
                return;
            }
            try (PreparedStatement progress = w.prepareStatement("INSERT INTO target_progress (target, plan,"
                    + " acquired, accepted, updated_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT (target, plan) DO UPDATE"
                    + " SET acquired = target_progress.acquired + 1,"
                    + " accepted = target_progress.accepted + excluded.accepted, updated_at = excluded.updated_at")) {
                progress.setString(1, key);
                progress.setString(2, plan);
                progress.setInt(3, accepted ? 1 : 0);
                progress.setLong(4, now);
                progress.executeUpdate();
            }
        });
        return added.get();
    }

    @Override
    public List<PlanProgress> progress(String target) throws TaskStoreException {
        String key = TargetStore.key(Objects.requireNonNull(target, "target"));
        return db.read(c -> {
            List<PlanProgress> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT plan, acquired, accepted, updated_at"
                    + " FROM target_progress WHERE target = ? ORDER BY plan")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PlanProgress(key, rs.getString(1), rs.getInt(2), rs.getInt(3),
                                TimeKeys.instant(rs.getLong(4))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int resetProgress(String target) throws TaskStoreException {
        String key = TargetStore.key(Objects.requireNonNull(target, "target"));
        AtomicInteger removed = new AtomicInteger();
        db.write(w -> {
            try (PreparedStatement frames = w.prepareStatement("DELETE FROM target_frames WHERE target = ?");
                    PreparedStatement progress = w.prepareStatement("DELETE FROM target_progress WHERE target = ?")) {
                frames.setString(1, key);
                frames.executeUpdate();
                progress.setString(1, key);
                removed.set(progress.executeUpdate());
            }
        });
        return removed.get();
    }

    @Override
    public void appendDecision(TargetDecision d) throws TaskStoreException {
        Objects.requireNonNull(d, "decision");
        String text = json.write(d);
        long at = TimeKeys.nanos(d.at());
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement("INSERT INTO target_decisions (sequence_id, idx,"
                    + " container_step_id, decided_at, kind, chosen_step_id, decision) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (sequence_id, idx) DO NOTHING")) {
                ps.setString(1, d.sequenceId());
                ps.setLong(2, d.index());
                ps.setString(3, d.containerStepId());
                ps.setLong(4, at);
                ps.setString(5, d.kind().id());
                ps.setString(6, d.chosenStepId());
                ps.setString(7, text);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public List<TargetDecision> decisions(String sequenceId, long afterIndex, int limit) throws TaskStoreException {
        Objects.requireNonNull(sequenceId, "sequenceId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return db.read(c -> {
            List<TargetDecision> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT idx, decision FROM target_decisions"
                    + " WHERE sequence_id = ? AND idx > ? ORDER BY idx LIMIT ?")) {
                ps.setString(1, sequenceId);
                ps.setLong(2, afterIndex);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(decision(sequenceId, rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void deleteDecisions(String sequenceId) throws TaskStoreException {
        Objects.requireNonNull(sequenceId, "sequenceId");
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement("DELETE FROM target_decisions WHERE sequence_id = ?")) {
                ps.setString(1, sequenceId);
                ps.executeUpdate();
            }
        });
    }

    private TargetDecision decision(String sequenceId, long index, String text) throws SQLException {
        try {
            return json.read(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("decision " + index + " of sequence " + sequenceId + " cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
