-- Version 6 for PostgreSQL: ../V6__module_execution_time.sql with keys TEXT COLLATE "C" and
-- PostgreSQL's JSON operators for filling the module from the stored records.

ALTER TABLE tasks ADD COLUMN module TEXT COLLATE "C";
ALTER TABLE tasks ADD COLUMN execution_nanos BIGINT;
UPDATE tasks SET module = record::json -> 'spec' -> 'metadata' ->> 'module'
    WHERE json_typeof(record::json -> 'spec' -> 'metadata' -> 'module') = 'string'
    AND btrim(record::json -> 'spec' -> 'metadata' ->> 'module') <> '';
CREATE INDEX tasks_module_created ON tasks (module, created_at, id);
CREATE INDEX tasks_status_execution ON tasks (status, execution_nanos);
CREATE INDEX tasks_untimed ON tasks (id) WHERE execution_nanos IS NULL;
