-- Version 3: sequences (core.sequence's SequenceStore) and their step records. Never edit once released.
-- Times are epoch nanoseconds, as tasks.created_at. document and run_state are the sequence layer's JSON text.

CREATE TABLE sequences (
    id          VARCHAR(255) NOT NULL PRIMARY KEY,
    name        TEXT,
    state       VARCHAR(16)  NOT NULL,
    document    TEXT         NOT NULL,
    run_state   TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

CREATE INDEX sequences_state ON sequences (state);
CREATE INDEX sequences_created ON sequences (created_at, id);

CREATE TABLE sequence_steps (
    sequence_id VARCHAR(255) NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    step_key    VARCHAR(255) NOT NULL,
    state       TEXT         NOT NULL,
    PRIMARY KEY (sequence_id, step_key)
);
