-- Version 5 (issue 15): who runs a task (TaskRecord.assignedTo, for GET /tasks?assigned_to=), and the
-- executions of tasks (one row per attempt, TaskExecution as JSON).

ALTER TABLE tasks ADD COLUMN assigned_to VARCHAR(255);
UPDATE tasks SET assigned_to = json_extract(record, '$.assigned_to');
CREATE INDEX tasks_assigned_created ON tasks (assigned_to, created_at, id);

CREATE TABLE task_executions (
    task_id     VARCHAR(255) NOT NULL, -- no foreign key: saved beside its task's change (GroupCommitter)
    attempt     INTEGER      NOT NULL,
    executor_id VARCHAR(255) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    started_at  BIGINT       NOT NULL, -- epoch nanoseconds
    ended_at    BIGINT,                -- NULL while it runs
    execution   TEXT         NOT NULL, -- the whole TaskExecution as JSON (StoredTaskJson)
    PRIMARY KEY (task_id, attempt)
);
