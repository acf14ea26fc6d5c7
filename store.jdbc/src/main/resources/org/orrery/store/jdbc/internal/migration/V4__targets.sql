-- Version 4: the night's records (core.api's TargetStore). Never edit once released.
-- Times are epoch nanoseconds. target is TargetStore.key(name); plan the plan entry's key.

CREATE TABLE target_frames (
    target      VARCHAR(255) NOT NULL,
    frame_id    VARCHAR(255) NOT NULL,
    plan        VARCHAR(255) NOT NULL,
    accepted    INTEGER      NOT NULL,
    recorded_at BIGINT       NOT NULL,
    PRIMARY KEY (target, frame_id)
);

CREATE TABLE target_progress (
    target      VARCHAR(255) NOT NULL,
    plan        VARCHAR(255) NOT NULL,
    acquired    INTEGER      NOT NULL,
    accepted    INTEGER      NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (target, plan)
);

-- decision is TargetDecision.toMap() as JSON; the other columns are what queries and people look for
CREATE TABLE target_decisions (
    sequence_id       VARCHAR(255) NOT NULL,
    idx               BIGINT       NOT NULL,
    container_step_id VARCHAR(255) NOT NULL,
    decided_at        BIGINT       NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    chosen_step_id    VARCHAR(255),
    decision          TEXT         NOT NULL,
    PRIMARY KEY (sequence_id, idx)
);
