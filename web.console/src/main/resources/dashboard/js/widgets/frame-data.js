// The night's frames, as the camera.expose tasks name them: in a finished task's result, in a
// running one's checkpoint (each frame is saved there once written). One frame:
// {key, task_id, index, fits, png, date_obs, time (ms), width, height, hfr, stars, exposure,
//  frame_type, filter, object}; fits and png are API paths ("/images/<date>/<file>").

export const ACTION = "camera.expose";
const PREFIX = "data/images/";

/** The API path of a file a task result names ("data/images/<date>/<file>"), or null. */
export function apiPath(resultPath) {
  return typeof resultPath === "string" && resultPath.startsWith(PREFIX) ? `/images/${resultPath.slice(PREFIX.length)}` : null;
}

/**
 * The frames a task (from GET /tasks, or a task event with its result) names. `result` wins over
 * the checkpoint: it lists every frame of every attempt.
 */
export function framesOf(task) {
  const result = task.result && typeof task.result === "object" ? task.result : null;
  const list = (result && Array.isArray(result.frames) && result.frames)
    || (task.checkpoint && Array.isArray(task.checkpoint.frames) && task.checkpoint.frames) || [];
  const params = task.parameters || {};
  const taskId = task.id || task.task_id;
  const frames = [];
  for (const f of list) {
    const fits = apiPath(f && f.fits);
    if (!fits) continue;
    const time = Date.parse(f.date_obs);
    frames.push({
      key: fits, task_id: taskId, index: f.index, fits, png: apiPath(f.png), date_obs: f.date_obs,
      time: isNaN(time) ? 0 : time, width: f.width, height: f.height,
      hfr: typeof f.hfr === "number" ? f.hfr : null, stars: typeof f.stars === "number" ? f.stars : null,
      exposure: result ? result.exposure : params.exposure, frame_type: result ? result.frame_type : params.frame_type,
      filter: result && result.filter !== undefined ? result.filter : params.filter, object: params.object,
    });
  }
  return frames;
}

/** When the night began: the last local noon before now (the gallery shows the frames since). */
export function nightStart(now = new Date()) {
  const start = new Date(now);
  start.setHours(12, 0, 0, 0);
  if (start > now) start.setDate(start.getDate() - 1);
  return start;
}

/** Every camera.expose task created since `since`, page by page (oldest first). */
export async function loadTasks(api, since) {
  const tasks = [];
  let cursor = null;
  do {
    const page = await api.getPage("/tasks", { action: ACTION, created_after: since.toISOString(), limit: 1000, cursor });
    tasks.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return tasks;
}
