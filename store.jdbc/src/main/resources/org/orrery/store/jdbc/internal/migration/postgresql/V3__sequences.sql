-- Version 3 for PostgreSQL: the tables of ../V3__sequences.sql with keys TEXT COLLATE "C" (no length
-- limit, byte order: the keyset order agrees with SQLite's whatever the database's locale is).

CREATE TABLE sequences (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name        TEXT,
    state       TEXT COLLATE "C" NOT NULL,
    document    TEXT   NOT NULL,
    run_state   TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE INDEX sequences_state ON sequences (state);
CREATE INDEX sequences_created ON sequences (created_at, id);

CREATE TABLE sequence_steps (
    sequence_id TEXT COLLATE "C" NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    step_key    TEXT COLLATE "C" NOT NULL,
    state       TEXT NOT NULL,
    PRIMARY KEY (sequence_id, step_key)
);
