-- Version 5 for PostgreSQL: ../V5__executions.sql with keys TEXT COLLATE "C" and PostgreSQL's JSON
-- operator for filling the new column from the stored records.

ALTER TABLE tasks ADD COLUMN assigned_to TEXT COLLATE "C";
UPDATE tasks SET assigned_to = record::json ->> 'assigned_to';
CREATE INDEX tasks_assigned_created ON tasks (assigned_to, created_at, id);

CREATE TABLE task_executions (
    task_id     TEXT COLLATE "C" NOT NULL, -- no foreign key, as in ../V5__executions.sql
    attempt     INTEGER NOT NULL,
    executor_id TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL,
    started_at  BIGINT NOT NULL, -- epoch nanoseconds
    ended_at    BIGINT,          -- NULL while it runs
    execution   TEXT   NOT NULL, -- the whole TaskExecution as JSON (StoredTaskJson)
    PRIMARY KEY (task_id, attempt)
);
