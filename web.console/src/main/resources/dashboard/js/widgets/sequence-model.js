// What a sequence (GET /sequences/{id}) says, worked out for the pages: its steps as a flat
// list, the current ones, its targets with their frames per filter, its time elapsed and left.
// Pure functions of the JSON: no DOM, no fetch.

export const TERMINAL = ["completed", "failed", "stopped", "halted"];
export const ACTIVE = ["running", "pausing", "paused"];

export const isTerminal = (state) => TERMINAL.includes(state);

/** Every step of the tree, depth first, each as {step, depth}. */
export function flatten(sequence) {
  const out = [];
  const walk = (steps, depth) => {
    for (const step of steps || []) {
      out.push({ step, depth });
      walk(step.children, depth + 1);
    }
  };
  walk(sequence && sequence.areas, 0);
  return out;
}

/** The steps running now (leaves first: the innermost is what happens). */
export function currentSteps(sequence) {
  const ids = new Set(sequence.current_steps || []);
  const running = flatten(sequence).map((e) => e.step)
    .filter((s) => ids.has(s.id) || ids.has(s.path) || (s.state === "running" && !(s.children || []).some((c) => c.state === "running")));
  return running;
}

/** The document's steps of `type` (every type when null) by id. */
function documentSteps(document, type) {
  const found = new Map();
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== "object") return;
    if (typeof node.type === "string" && node.id && (!type || node.type === type)) found.set(node.id, node);
    Object.values(node).forEach(walk);
  };
  walk(document);
  return found;
}

/** Seconds left of a running `wait` step with `seconds`, else null. */
export function waitLeft(sequence, step, now = Date.now()) {
  if (step.type !== "wait" || step.state !== "running" || !step.started_at) return null;
  const doc = documentSteps(sequence.document, "wait").get(step.id);
  if (!doc || typeof doc.seconds !== "number") return null;
  return Math.max(0, doc.seconds - (now - new Date(step.started_at).getTime()) / 1000);
}

/** The accounting key of a plan entry, as the sequence layer makes it: its id, else <filter|none>-<exposure>s-<bin>x<bin>. */
export function entryKey(entry) {
  if (entry.id) return String(entry.id);
  const bin = Number.isInteger(entry.binning) ? entry.binning : 1;
  return `${entry.filter ?? "none"}-${entry.exposure}s-${bin}x${bin}`;
}

/**
 * The target steps: {step, name, object, state, entries: [{key, filter, exposure, planned, done}]}.
 * `done` counts the frames this run has taken of an entry (from the step's result), without the
 * one being exposed now.
 */
export function targets(sequence) {
  const docs = documentSteps(sequence.document, "target");
  return flatten(sequence).map((e) => e.step).filter((s) => s.type === "target").map((step) => {
    const doc = docs.get(step.id) || {};
    const result = step.result || {};
    const taken = result.taken || {};
    const inFlight = step.state === "running" && result.task_kind === "frame" ? result.entry : null;
    const entries = (doc.plan || []).map((p) => {
      const key = entryKey(p);
      const submitted = Number(taken[key] || 0);
      return { key, filter: p.filter || "none", exposure: Number(p.exposure) || 0, planned: Number(p.count) || 0,
        done: Math.max(0, submitted - (inFlight === key ? 1 : 0)) };
    });
    for (const [key, n] of Object.entries(taken)) { // an entry the document no longer names
      if (!entries.some((x) => x.key === key)) entries.push({ key, filter: key, exposure: 0, planned: 0, done: Number(n) || 0 });
    }
    return { step, name: step.name || step.id, object: doc.object || null, state: step.state, phase: result.phase || null, entries };
  });
}

/** The target being worked on now, or null. */
export function currentTarget(sequence) {
  return targets(sequence).find((t) => t.state === "running") || null;
}

/** Frames done and planned per filter, over every target not skipped: [{filter, done, planned}]. */
export function framesPerFilter(list) {
  const byFilter = new Map();
  for (const t of list) {
    if (t.state === "skipped" || t.state === "cancelled") continue;
    for (const e of t.entries) {
      const f = byFilter.get(e.filter) || { filter: e.filter, done: 0, planned: 0 };
      f.done += e.done;
      f.planned += e.planned;
      byFilter.set(e.filter, f);
    }
  }
  return [...byFilter.values()];
}

/** Seconds since the sequence started (to its end once it has ended); null before it starts. */
export function elapsedSeconds(sequence, now = Date.now()) {
  if (!sequence.started_at) return null;
  const end = sequence.finished_at ? new Date(sequence.finished_at).getTime() : now;
  return Math.max(0, (end - new Date(sequence.started_at).getTime()) / 1000);
}

/**
 * Seconds left, where known: the exposures still planned of its targets when it has any, else
 * the time per step so far times the steps left. Null when nothing tells (not started, ended,
 * no step done yet).
 */
export function remainingSeconds(sequence, now = Date.now()) {
  if (!sequence.started_at || isTerminal(sequence.state)) return null;
  const list = targets(sequence);
  if (list.length > 0) {
    let seconds = 0;
    for (const t of list) {
      if (["completed", "failed", "skipped", "cancelled"].includes(t.state)) continue;
      for (const e of t.entries) seconds += Math.max(0, e.planned - e.done) * e.exposure;
    }
    return seconds;
  }
  const p = sequence.progress || {};
  const elapsed = elapsedSeconds(sequence, now);
  if (!p.steps_done || !p.steps_total || elapsed === null) return null;
  return (elapsed / p.steps_done) * Math.max(0, p.steps_total - p.steps_done);
}

/**
 * The fraction done, 0..1: steps done over steps, plus the reported progress of the tasks of
 * the steps running now (`taskProgress`: task id -> {progress, message}), so the bar moves
 * during a long step.
 */
export function fractionDone(sequence, taskProgress = new Map()) {
  const p = sequence.progress || {};
  if (!p.steps_total) return isTerminal(sequence.state) && sequence.state === "completed" ? 1 : 0;
  if (sequence.state === "completed") return 1;
  let partial = 0;
  for (const step of currentSteps(sequence)) {
    if (step.type !== "task") continue; // a container's own tasks (a park) say nothing of its progress
    const last = (step.task_ids || []).at(-1);
    if (last && taskProgress.has(last)) partial += Math.min(0.99, Math.max(0, taskProgress.get(last).progress));
  }
  return Math.min(1, (p.steps_done + Math.min(partial, Math.max(0, p.steps_total - p.steps_done))) / p.steps_total);
}

/** What the task of `step` said last of its progress ("frame 3 of 5"), or "". */
export function stepMessage(step, taskProgress = new Map()) {
  const last = (step.task_ids || []).at(-1);
  const p = last && taskProgress.get(last);
  return p && p.message ? p.message : "";
}
