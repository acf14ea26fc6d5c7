// Following sequences on the event stream: which events concern them, the progress their tasks
// report, and re-reading at most once per interval however many events arrive.

/** fn, called at most once per `ms` however often the returned function is; `.cancel()` drops a pending call. */
export function debounced(fn, ms) {
  let timer = null;
  const call = () => { if (!timer) timer = setTimeout(() => { timer = null; fn(); }, ms); };
  call.cancel = () => { if (timer) clearTimeout(timer); timer = null; };
  return call;
}

/** True when `event` is one of a sequence in `ids` (a Set), or of one of its tasks (ids "<sequence id>.…"). */
export function concerns(event, ids) {
  if (event.sequence_id) return ids.has(event.sequence_id);
  return event.type !== "task_progress" && ids.has(sequenceOf(event.task_id));
}

/** The sequence id of a task id "<sequence id>.<step>.<n>", or null. */
function sequenceOf(taskId) {
  const dot = taskId ? taskId.indexOf(".") : -1;
  return dot > 0 ? taskId.slice(0, dot) : null;
}

/**
 * Remembers in `map` the last progress (0..1) of each task of a sequence in `ids` (a task's
 * progress event, or 1 once it completed); true when it changed something.
 */
export function trackTaskProgress(map, event, ids) {
  if ("sequence_id" in event || !ids.has(sequenceOf(event.task_id))) return false;
  if (event.type === "task_progress" && typeof event.progress === "number") map.set(event.task_id, event.progress);
  else if (event.type === "task_completed") map.set(event.task_id, 1);
  else return false;
  return true;
}
