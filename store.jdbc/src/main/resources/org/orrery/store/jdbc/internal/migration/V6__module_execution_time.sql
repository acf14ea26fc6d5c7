-- Version 6 (issue 16, seed 003): a task's module (TaskSpec.module, for GET /tasks?module=) and its
-- execution time in nanoseconds (for the statistics' aggregate query, which reads only the index
-- tasks_status_execution). Tasks stored before carried their module in metadata.module (a string):
-- it becomes the column's value, as TaskSpec reads it. Their execution_nanos is filled by the store
-- when it opens (ExecutionTimes.backfill: the JSON holds an ISO-8601 duration SQL cannot read);
-- tasks_untimed finds those rows without a scan.

ALTER TABLE tasks ADD COLUMN module VARCHAR(255);
ALTER TABLE tasks ADD COLUMN execution_nanos BIGINT;
UPDATE tasks SET module = json_extract(record, '$.spec.metadata.module')
    WHERE json_type(record, '$.spec.metadata.module') = 'text' AND trim(json_extract(record, '$.spec.metadata.module')) <> '';
CREATE INDEX tasks_module_created ON tasks (module, created_at, id);
CREATE INDEX tasks_status_execution ON tasks (status, execution_nanos);
CREATE INDEX tasks_untimed ON tasks (id) WHERE execution_nanos IS NULL;
