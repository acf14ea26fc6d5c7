// The overview: what runs now. The scheduler's state (pause and resume for an operator), the
// counts by status, the running tasks with their progress, a strip of the devices' connections
// and the running sequences (their widget). Everything follows the event stream: the counts and
// the scheduler's state are re-read (at most twice a second) when a task changes state (a pause or
// resume, by anyone, comes as its own event), the
// running tasks move with their own events, and all is re-read after the stream reconnects.
import { h, fill, statusBadge, fmt } from "../dom.js";
import { mountRunningSequences } from "../widgets/running-sequences.js";
import { watchDevices } from "../device-feed.js";
import { watchAgents, countByState, AGENT_STATES } from "../agent-feed.js";

const STATUSES = ["pending", "ready", "running", "paused", "retrying", "completed", "failed", "cancelled"];
/** Rows drawn at most; more running tasks are counted below the list. */
const MAX_ROWS = 100;
/** Events kept while the first list of running tasks is read; more and the list is read again. */
const MAX_BUFFERED = 20000;

export default {
  id: "live",
  title: "Live",
  mount(root, ctx) {
    const scheduler = h("div", { class: "scheduler row", "data-testid": "scheduler" });
    const counts = h("div", { class: "counts", "data-testid": "counts" });
    const runningList = h("div", { class: "running-tasks", "data-testid": "running-tasks" });
    const runningEmpty = h("p", { class: "muted", "data-testid": "running-tasks-empty" }, "No task is running.");
    const runningMore = h("p", { class: "muted", "data-testid": "running-tasks-more", hidden: true });
    const strip = h("div", { class: "device-strip", "data-testid": "devices-strip" });
    const agentCounts = h("div", { class: "device-strip", "data-testid": "agents-strip" });
    const sequences = h("div", { "data-testid": "running-sequences" });
    root.append(h("h1", {}, "Live"),
      h("section", { class: "card" }, h("h2", {}, "Scheduler"), scheduler),
      h("section", { class: "card" }, h("h2", {}, "Running tasks"), runningEmpty, runningList, runningMore),
      h("section", { class: "card" }, h("h2", {}, "Tasks by status"), counts),
      h("section", { class: "card" }, h("h2", {}, h("a", { href: "#/devices" }, "Devices")), strip),
      h("section", { class: "card" }, h("h2", {}, h("a", { href: "#/agents" }, "Agents")), agentCounts),
      h("section", { class: "card" }, h("h2", {}, "Running sequences"), sequences));

    let alive = true;
    const fail = (e) => { if (alive) ctx.toast(ctx.describeError(e), "error"); };
    const stopSequences = mountRunningSequences(sequences, ctx);
    const statistics = mountStatistics(counts, scheduler, ctx, fail);
    const tasks = mountRunningTasks(runningList, runningEmpty, runningMore, ctx, fail);
    const stopDevices = watchDevices(ctx, (list) => drawStrip(strip, list), { onError: fail, followMoves: false });
    const agentFeed = watchAgents(ctx, (list) => drawAgents(agentCounts, list), {
      details: false,
      onError: (e) => (e.status === 404 || e.status === 503 ? fill(agentCounts, h("p", { class: "muted" }, "Agents are not available.")) : fail(e)),
    });

    const off = ctx.events.on((e) => {
      if (e.type === "stream_open") {
        statistics.later();
        if (e.reconnect) tasks.reload();
      } else if (e.type === "scheduler_paused" || e.type === "scheduler_resumed") {
        statistics.schedulerChanged(e.type === "scheduler_paused"); // also a pause made by someone else
      } else if (e.task_id && String(e.type).startsWith("task_")) { // a sequence's step event names its task too
        tasks.event(e);
        if (e.status && e.type !== "task_progress") statistics.later();
      }
    });
    return () => {
      alive = false;
      off();
      statistics.stop();
      tasks.stop();
      stopDevices();
      agentFeed.stop();
      stopSequences();
    };
  },
};

/** The counts and the scheduler's state, both from GET /scheduler/statistics (cheap: finished tasks are counted, not read). */
function mountStatistics(counts, scheduler, ctx, fail) {
  let timer = null;
  let alive = true;
  let paused = null;
  // built once and changed in place (a test or a screen reader keeps hold of the same elements)
  const cells = {};
  for (const s of STATUSES) {
    const n = h("span", { class: "n" }, "–");
    cells[s] = { n, box: h("div", { class: "count", "data-testid": `count-${s}` }, n, statusBadge(s)) };
  }

  function drawScheduler() {
    const state = paused ? "paused" : "running";
    scheduler.dataset.paused = String(paused);
    const controls = paused
      ? [h("button", { type: "button", class: "primary", "data-min-role": "operator", "data-testid": "scheduler-resume",
        onclick: () => change("resume", "Resume the scheduler? Waiting tasks start again.") }, "▶ Resume")]
      : [h("button", { type: "button", "data-min-role": "operator", "data-testid": "scheduler-pause",
        onclick: () => change("pause", "Pause the scheduler? Running tasks finish; no other task starts until it is resumed.") }, "❚❚ Pause"),
      h("button", { type: "button", class: "danger", "data-min-role": "operator", "data-testid": "scheduler-pause-now",
        onclick: () => change("pause?mode=immediate", "Pause the scheduler now? Running tasks are interrupted and run again when it is resumed.") },
      "❚❚ Pause now")];
    fill(scheduler, h("span", { "data-testid": "scheduler-state" }, statusBadge(state)),
      h("span", { class: "muted" }, paused ? "No task starts until it is resumed." : "Tasks start when they are due."),
      h("span", { class: "spacer" }), controls);
    ctx.applyRoles(scheduler);
  }

  async function change(route, question) {
    if (!(await ctx.confirm(question, { confirmLabel: route === "resume" ? "Resume" : "Pause" }))) return;
    const [path, mode] = route.split("?mode=");
    try {
      const state = await ctx.api.post(`/scheduler/${path}`, undefined, { query: { mode } });
      if (!alive) return;
      paused = !!state.paused;
      drawScheduler();
      ctx.toast(paused ? "The scheduler is paused." : "The scheduler runs again.", "ok");
    } catch (e) {
      fail(e);
    }
  }

  async function refresh() {
    timer = null;
    try {
      const stats = await ctx.api.get("/scheduler/statistics");
      if (!alive) return;
      for (const s of STATUSES) {
        const n = String(stats.by_status[s] ?? 0); // not stats.pending: seed 003's "not yet started"
        if (cells[s].box.dataset.count !== n) {
          cells[s].box.dataset.count = n;
          cells[s].n.textContent = fmt.number(Number(n));
        }
      }
      if (!counts.firstChild) fill(counts, STATUSES.map((s) => cells[s].box)); // shown once they hold numbers
      if (paused !== !!stats.scheduler_paused) {
        paused = !!stats.scheduler_paused;
        drawScheduler();
      }
    } catch (e) {
      fail(e);
    }
  }

  refresh();
  return {
    later() { if (!timer && alive) timer = setTimeout(refresh, 500); },
    schedulerChanged(now) {
      if (alive && paused !== now) {
        paused = now;
        drawScheduler();
      }
    },
    stop() { alive = false; if (timer) clearTimeout(timer); },
  };
}

/**
 * The running tasks: read once (GET /tasks?status=running), then moved by their events — a
 * task_started adds a row, task_progress moves its bar, any other state removes it. Events are
 * only noted; the rows change at most once per animation frame, in place.
 */
function mountRunningTasks(list, empty, more, ctx, fail) {
  const running = new Map(); // id → {id, name, action, progress, message, started}
  const rows = new Map(); // id → {row, bar, label, message, elapsed} of the rows drawn
  const dirty = new Set();
  let buffered = null; // events that came while the list was read
  let frame = 0;
  let alive = true;
  let loads = 0;

  function note(e) {
    const known = running.get(e.task_id);
    if (e.status === "running") {
      const t = known || { id: e.task_id, name: e.name, action: e.action, progress: 0, message: "", started: null };
      if (e.type === "task_started") Object.assign(t, { progress: 0, message: "", started: e.timestamp });
      if (e.type === "task_progress") {
        if (typeof e.progress === "number") t.progress = e.progress;
        if (e.message !== undefined) t.message = e.message;
      }
      running.set(e.task_id, t);
    } else if (known) {
      running.delete(e.task_id);
    } else {
      return;
    }
    dirty.add(e.task_id);
    if (!frame) frame = requestAnimationFrame(draw);
  }

  async function reload() {
    const load = ++loads;
    buffered = [];
    try {
      const page = await ctx.api.getPage("/tasks", { status: "running", limit: 1000 });
      if (!alive || load !== loads) return;
      for (const id of running.keys()) dirty.add(id);
      running.clear();
      for (const t of page.items) {
        running.set(t.id, { id: t.id, name: t.name, action: t.action, progress: t.progress || 0,
          message: t.progress_message || "", started: t.started_at });
        dirty.add(t.id);
      }
      const missed = buffered;
      buffered = null;
      if (missed === "overflow") { reload(); return; }
      missed.forEach(note);
      if (!frame) frame = requestAnimationFrame(draw);
    } catch (e) {
      if (load === loads) buffered = null;
      fail(e);
    }
  }

  function draw() {
    frame = 0;
    if (!alive) return;
    for (const id of dirty) {
      const t = running.get(id);
      const drawn = rows.get(id);
      if (!t) {
        if (drawn) { drawn.row.remove(); rows.delete(id); }
      } else if (drawn) {
        update(drawn, t);
      } else if (rows.size < MAX_ROWS) {
        add(t);
      }
    }
    dirty.clear();
    if (rows.size < MAX_ROWS && running.size > rows.size) {
      for (const t of running.values()) {
        if (rows.size >= MAX_ROWS) break;
        if (!rows.has(t.id)) add(t);
      }
    }
    empty.hidden = running.size > 0;
    more.hidden = running.size <= rows.size;
    fill(more, `and ${fmt.number(running.size - rows.size)} more running`);
  }

  function add(t) {
    const bar = h("span", { class: "bar" });
    const label = h("span", { class: "label" });
    const progress = h("span", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
      "data-testid": "progress" }, bar, label);
    const message = h("span", { class: "message muted", "data-testid": "running-task-message" });
    const elapsed = h("span", { class: "elapsed", "data-testid": "running-task-elapsed" });
    const row = h("div", { class: "task-run", "data-testid": "running-task", "data-task-id": t.id },
      h("span", { class: "name" }, h("a", { href: `#/tasks/${encodeURIComponent(t.id)}`, "data-testid": "running-task-name" }, t.name || t.id)),
      h("code", { class: "action", "data-testid": "running-task-action" }, t.action || ""),
      progress, message, elapsed);
    const drawn = { row, bar, label, progress, message, elapsed, fraction: -1, text: null };
    rows.set(t.id, drawn);
    list.append(row);
    update(drawn, t);
  }

  function update(drawn, t) {
    const f = Math.max(0, Math.min(1, Number(t.progress) || 0));
    if (f !== drawn.fraction) {
      drawn.fraction = f;
      drawn.bar.style.width = `${(f * 100).toFixed(1)}%`;
      drawn.progress.setAttribute("aria-valuenow", String(Math.round(f * 100)));
      drawn.progress.dataset.value = f.toFixed(4);
      drawn.label.textContent = `${Math.round(f * 100)} %`;
    }
    if (t.message !== drawn.text) {
      drawn.text = t.message;
      drawn.message.textContent = t.message || "";
    }
    drawn.started = t.started;
    tick(drawn);
  }

  function tick(drawn) {
    const text = drawn.started ? fmt.duration((Date.now() - new Date(drawn.started).getTime()) / 1000) : "";
    if (drawn.elapsed.textContent !== text) drawn.elapsed.textContent = text;
  }

  // the elapsed times count on by the browser's clock (no request)
  const clock = setInterval(() => rows.forEach(tick), 1000);
  reload();
  return {
    event(e) {
      if (buffered === "overflow") return;
      if (buffered) {
        if (buffered.length >= MAX_BUFFERED) buffered = "overflow"; else buffered.push(e);
        return;
      }
      note(e);
    },
    reload,
    stop() {
      alive = false;
      clearInterval(clock);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

/** One chip per device: its name and connection state, linking to the Devices page. */
function drawStrip(strip, devices) {
  if (devices.length === 0) {
    fill(strip, h("p", { class: "muted" }, "No device is configured."));
    return;
  }
  fill(strip, devices.map((d) => h("a", { class: "device-chip", href: "#/devices", "data-testid": `device-chip-${d.id}`,
    "data-connection": d.connection || "unknown", title: d.status_message || "" },
  statusBadge(d.connection || "unknown"), h("span", { class: "name" }, d.name || d.id))));
}

/** The agents' counts by state, each a link to the Agents view. */
function drawAgents(box, agents) {
  if (agents.length === 0) {
    fill(box, h("p", { class: "muted" }, "No agent is registered."));
    return;
  }
  const counts = countByState(agents);
  fill(box, AGENT_STATES.map((s) => h("a", { class: "device-chip", href: "#/agents", "data-testid": `agents-${s}`, "data-count": counts[s] },
    statusBadge(s), h("span", { class: "n" }, String(counts[s])))));
}
