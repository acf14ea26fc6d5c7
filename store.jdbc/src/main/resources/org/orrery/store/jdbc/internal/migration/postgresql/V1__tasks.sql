-- Version 1 for PostgreSQL: the tables of ../V1__tasks.sql with PostgreSQL's types. Never edit a
-- released script: add the next number (a common script, or one here when PostgreSQL needs its own).
-- Keys and tags are TEXT COLLATE "C": no length limit (as in SQLite) and byte order, so that the
-- order of ids, the keyset cursor and the indexes agree whatever the database's locale is.

CREATE TABLE tasks (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    status      TEXT COLLATE "C" NOT NULL,
    action      TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL, -- epoch nanoseconds (exact Instant order, as the cursor)
    revision    BIGINT NOT NULL,
    record      TEXT   NOT NULL  -- the whole TaskRecord as JSON (TaskJson)
);

CREATE INDEX tasks_status_created ON tasks (status, created_at, id);
CREATE INDEX tasks_action_created ON tasks (action, created_at, id);
CREATE INDEX tasks_created ON tasks (created_at, id);

CREATE TABLE task_tags (
    task_id     TEXT COLLATE "C" NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag         TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (task_id, tag)
);

CREATE INDEX task_tags_tag_created ON task_tags (tag, created_at, task_id);
