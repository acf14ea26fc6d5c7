// The Timeline view: tasks over time, one lane per device or resource, over the last hour, the
// night (civil dusk to dawn from GET /sky; the last 12 hours without the sky service) or 24 h.
// Live: task events change the bars they know (redrawn in an animation frame, at most once a
// second: a redraw draws every bar); tasks created since the newest loaded one are read at most
// every second; the window slides with the clock every 10 s (bars that left it are dropped).
// Redrawn when the theme or the width changes.
import { h, fill, fmt } from "../dom.js";
import { drawLanes, legend } from "../widgets/task-lanes.js";

const WINDOWS = [["hour", "Last hour"], ["night", "Night"], ["day", "Last 24 h"]];
const HOUR = 3600000;
const MAX_TASKS = 5000;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export default {
  id: "timeline",
  title: "Timeline",
  mount(root, ctx) {
    const choice = h("select", { name: "window", "data-testid": "timeline-window" }, WINDOWS.map(([v, label]) => h("option", { value: v }, label)));
    const summary = h("p", { class: "muted", "data-testid": "timeline-summary" });
    const box = h("div", { class: "timeline-box", "data-testid": "timeline" });
    root.append(h("h1", {}, "Timeline"),
      h("div", { class: "card" }, h("div", { class: "row" }, h("label", {}, "Window ", choice)), legend(), box, summary));

    const tasks = new Map();
    let range = { from: Date.now() - HOUR, to: Date.now() };
    let generation = 0;
    let alive = true;
    let frame = 0;
    let newTimer = null;
    let capped = false;

    async function windowOf(kind) {
      const now = Date.now();
      if (kind === "hour") return { from: now - HOUR, to: now };
      if (kind === "day") return { from: now - 24 * HOUR, to: now };
      try {
        const civil = (await ctx.api.get("/sky")).twilight.civil;
        let dusk = Date.parse(civil.dusk);
        let dawn = Date.parse(civil.dawn);
        if (dusk > now) { dusk -= 24 * HOUR; dawn -= 24 * HOUR; } // by day: the night before (within minutes)
        if (!isNaN(dusk) && !isNaN(dawn) && dawn > dusk) return { from: dusk, to: dawn };
      } catch (e) { /* no sky service: the last 12 hours */ }
      return { from: now - 12 * HOUR, to: now };
    }

    function sliding() { return choice.value !== "night"; }

    async function load() {
      const gen = ++generation;
      box.dataset.loaded = "false";
      fill(summary, "Loading…");
      range = await windowOf(choice.value);
      tasks.clear();
      capped = false;
      // A task created up to an hour before the window may still run in it.
      const query = { created_after: new Date(range.from - HOUR).toISOString(), limit: 1000, order: "newest" };
      try {
        let cursor = null;
        do {
          const { items, next } = await ctx.api.getPage("/tasks", cursor ? { ...query, cursor } : query);
          if (gen !== generation || !alive) return;
          for (const t of items) tasks.set(t.id, t);
          cursor = next;
        } while (cursor && tasks.size < MAX_TASKS);
        capped = Boolean(cursor);
      } catch (e) {
        if (alive) ctx.toast(ctx.describeError(e), "error");
      }
      if (gen !== generation) return;
      box.dataset.loaded = "true";
      lastDraw = 0;
      schedule();
    }

    function newest() {
      let max = "";
      for (const t of tasks.values()) if (t.created_at > max) max = t.created_at;
      return max;
    }

    async function readNew() {
      newTimer = null;
      const gen = generation;
      const since = newest() || new Date(range.from).toISOString();
      try {
        const { items, next } = await ctx.api.getPage("/tasks", { created_after: since, limit: 1000, order: "newest" });
        if (gen !== generation || !alive) return;
        if (next) { load(); return; } // more than a page came: read the window again
        for (const t of items) tasks.set(t.id, t);
        schedule();
      } catch (e) {
        if (alive) ctx.toast(ctx.describeError(e), "error");
      }
    }

    let lastDraw = 0;
    let wait = null;
    function schedule() {
      if (frame || wait || !alive || box.dataset.loaded !== "true") return;
      wait = setTimeout(() => { wait = null; frame = requestAnimationFrame(draw); }, Math.max(0, lastDraw + 1000 - Date.now()));
    }

    function draw() {
      frame = 0;
      lastDraw = Date.now();
      if (sliding()) {
        const span = range.to - range.from;
        range = { from: Date.now() - span, to: Date.now() };
        for (const [id, t] of tasks) if (t.completed_at && Date.parse(t.completed_at) < range.from) tasks.delete(id);
      }
      const drawn = drawLanes(box, [...tasks.values()], range.from, range.to, (t) => ctx.go(`#/tasks/${encodeURIComponent(t.id)}`));
      box.dataset.bars = drawn.bars;
      fill(summary, `${drawn.bars} tasks on ${drawn.lanes} lanes, ${fmt.time(new Date(range.from).toISOString())} to `
        + `${fmt.time(new Date(range.to).toISOString())}`, capped ? ` · only the newest ${fmt.number(MAX_TASKS)} tasks of the window` : "");
    }

    const off = ctx.events.on((e) => {
      if (e.type === "stream_open") { if (e.reconnect) load(); return; }
      if (!e.task_id) return;
      const t = tasks.get(e.task_id);
      if (!t) {
        if (e.type === "task_scheduled" && !newTimer) newTimer = setTimeout(readNew, 1000);
        return;
      }
      if (!e.status || e.status === t.status) return;
      t.status = e.status;
      if (e.type === "task_started") { t.started_at = e.timestamp; t.completed_at = null; }
      if (TERMINAL.has(e.status)) t.completed_at = e.timestamp;
      schedule();
    });
    const themeWatch = new MutationObserver(schedule);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    let width = 0;
    const resize = new ResizeObserver(() => { if (box.clientWidth !== width) { width = box.clientWidth; schedule(); } });
    resize.observe(box);
    const slide = setInterval(() => { if (sliding()) schedule(); }, 10000);
    choice.addEventListener("change", load);
    load();
    return () => {
      alive = false;
      off();
      themeWatch.disconnect();
      resize.disconnect();
      clearInterval(slide);
      clearTimeout(newTimer);
      clearTimeout(wait);
      if (frame) cancelAnimationFrame(frame);
    };
  },
};
