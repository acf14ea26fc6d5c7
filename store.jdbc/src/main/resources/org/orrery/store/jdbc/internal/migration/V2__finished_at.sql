-- Version 2: when a task finished (epoch nanoseconds; NULL while unfinished), for retention.
ALTER TABLE tasks ADD COLUMN finished_at BIGINT;
CREATE INDEX tasks_finished ON tasks (finished_at);
