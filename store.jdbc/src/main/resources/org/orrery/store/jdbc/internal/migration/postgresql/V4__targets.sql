-- Version 4 for PostgreSQL: the tables of ../V4__targets.sql with keys TEXT COLLATE "C" (no length
-- limit, byte order as in SQLite).

CREATE TABLE target_frames (
    target      TEXT COLLATE "C" NOT NULL,
    frame_id    TEXT COLLATE "C" NOT NULL,
    plan        TEXT COLLATE "C" NOT NULL,
    accepted    INTEGER NOT NULL,
    recorded_at BIGINT  NOT NULL,
    PRIMARY KEY (target, frame_id)
);

CREATE TABLE target_progress (
    target      TEXT COLLATE "C" NOT NULL,
    plan        TEXT COLLATE "C" NOT NULL,
    acquired    INTEGER NOT NULL,
    accepted    INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (target, plan)
);

CREATE TABLE target_decisions (
    sequence_id       TEXT COLLATE "C" NOT NULL,
    idx               BIGINT NOT NULL,
    container_step_id TEXT COLLATE "C" NOT NULL,
    decided_at        BIGINT NOT NULL,
    kind              TEXT COLLATE "C" NOT NULL,
    chosen_step_id    TEXT COLLATE "C",
    decision          TEXT   NOT NULL,
    PRIMARY KEY (sequence_id, idx)
);
