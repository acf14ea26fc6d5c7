-- Version 8 (issue 17): the statistics' execution time rides in the status listing's index. The index
-- tasks_status_execution (status, execution_nanos) put every finished task at a random place by its
-- execution time: one more index page written per finished task, in every group commit. Now the
-- execution time is the last column of tasks_status_created, whose entry a status change moves anyway,
-- to the end of its status (tasks finish about in the order they were created); the totals' aggregate
-- query reads that index alone, as it read the dropped one.

DROP INDEX tasks_status_execution;
DROP INDEX tasks_status_created;
CREATE INDEX tasks_status_created ON tasks (status, created_at, id, execution_nanos);
