-- Version 1: tasks and their tags. Never edit a script once released: add V2__..., V3__...
-- Statements end with ';' at the end of a line. Portable SQL (SQLite, PostgreSQL).

CREATE TABLE tasks (
    id          VARCHAR(255) NOT NULL PRIMARY KEY,
    status      VARCHAR(16)  NOT NULL,
    action      VARCHAR(255) NOT NULL,
    created_at  BIGINT       NOT NULL, -- epoch nanoseconds (exact Instant order, as the cursor)
    revision    BIGINT       NOT NULL,
    record      TEXT         NOT NULL  -- the whole TaskRecord as JSON (TaskJson)
);

CREATE INDEX tasks_status_created ON tasks (status, created_at, id);
CREATE INDEX tasks_action_created ON tasks (action, created_at, id);
CREATE INDEX tasks_created ON tasks (created_at, id);

CREATE TABLE task_tags (
    task_id     VARCHAR(255) NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag         VARCHAR(255) NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (task_id, tag)
);

CREATE INDEX task_tags_tag_created ON task_tags (tag, created_at, task_id);
