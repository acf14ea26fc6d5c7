// Following sequences on the event stream: which events concern them, the progress their tasks
// report, and re-reading at most once per interval however many events arrive.
import { currentSteps } from "./sequence-model.js";

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
 * Remembers in `map` the last progress of each task of a sequence in `ids`, as {progress (0..1),
 * message}: from its progress events, and 1 once it completed. True when it changed something.
 */
export function trackTaskProgress(map, event, ids) {
  if ("sequence_id" in event || !ids.has(sequenceOf(event.task_id))) return false;
  if (event.type === "task_progress" && typeof event.progress === "number") {
    map.set(event.task_id, { progress: event.progress, message: event.message || "" });
  } else if (event.type === "task_completed") {
    map.set(event.task_id, { progress: 1, message: "" });
  } else {
    return false;
  }
  return true;
}

/**
 * Reads the progress of the running tasks of `sequences` that `map` does not know yet (a page
 * opened in the middle of a long exposure), so the bar starts where the task is.
 */
export async function seedTaskProgress(api, map, sequences) {
  const unknown = sequences.flatMap((s) => currentSteps(s)).map((step) => (step.task_ids || []).at(-1))
    .filter((id) => id && !map.has(id));
  await Promise.all(unknown.map(async (id) => {
    try {
      const task = await api.get(`/tasks/${encodeURIComponent(id)}`);
      if (!map.has(id) && typeof task.progress === "number") map.set(id, { progress: task.progress, message: task.progress_message || "" });
    } catch (e) { /* gone or not readable: the bar goes by steps */ }
  }));
}
