-- Version 9 (issue 17): the indexes on columns that stay NULL for many tasks hold only the tasks that
-- have a value. A task without a module, not yet run (assigned_to) or not finished (finished_at) was
-- an entry at the end of each index's NULL part: written when the task was stored and, for the two
-- that get a value, removed again when it did, in every group commit. Their queries name a value
-- (module = ?, assigned_to = ?, finished_at IS NOT NULL AND finished_at < ?), which both databases
-- know implies NOT NULL, so they read these indexes as before.

DROP INDEX tasks_module_created;
CREATE INDEX tasks_module_created ON tasks (module, created_at, id) WHERE module IS NOT NULL;
DROP INDEX tasks_assigned_created;
CREATE INDEX tasks_assigned_created ON tasks (assigned_to, created_at, id) WHERE assigned_to IS NOT NULL;
DROP INDEX tasks_finished;
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
