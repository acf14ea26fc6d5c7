-- Version 7 (issue 17): the task's tags as one text beside its row (TaskRows.tagsKey), so that a
-- save of a task whose tags did not change updates its row alone, without deleting and inserting
-- its task_tags rows. Rows stored before have none (NULL): their next save writes their tags, and
-- this column, as before.

ALTER TABLE tasks ADD COLUMN tags TEXT;
