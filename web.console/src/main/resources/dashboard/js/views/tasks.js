// The Tasks view: the list (#/tasks) with filters and paging, or one task's page (#/tasks/<id>).
//
// The list asks GET /tasks for the filters the API has (status, action, tag, created_after: all
// indexed in the store), newest first (order=newest), a page at a time ("Load more" reads older
// ones with the cursor), and searches name and id among the loaded rows in the browser. Live: a
// row's status changes in place from its events (marked, then drawn once per animation frame);
// tasks created since the newest loaded one are read with the same filters (created_after), at
// most every 500 ms, and come at the top; when more came than a page holds, the list is re-read.
import { h, fill, statusBadge, fmt } from "../dom.js";
import { mountTaskPage } from "../widgets/task-page.js";

const STATUSES = ["pending", "ready", "running", "paused", "retrying", "completed", "failed", "cancelled"];
const WINDOWS = [["3600", "Last hour"], ["86400", "Last 24 h"], ["604800", "Last 7 days"], ["", "All"]];
const PAGE = 200;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export default {
  id: "tasks",
  title: "Tasks",
  mount(root, ctx) {
    return ctx.args[0] ? mountTaskPage(root, ctx, ctx.args[0]) : mountList(root, ctx);
  },
};

function mountList(root, ctx) {
  const status = h("select", { name: "status", "data-testid": "filter-status" },
    h("option", { value: "" }, "Any status"), STATUSES.map((s) => h("option", { value: s }, s)));
  const action = h("select", { name: "action", "data-testid": "filter-action" }, h("option", { value: "" }, "Any action"));
  const tag = h("input", { name: "tag", type: "search", placeholder: "tag", "data-testid": "filter-tag", size: 10 });
  const window_ = h("select", { name: "window", "data-testid": "filter-window" },
    WINDOWS.map(([v, label]) => h("option", { value: v }, label)));
  window_.value = "86400";
  const search = h("input", { name: "q", type: "search", placeholder: "Search name or id", "data-testid": "filter-search" });
  const body = h("tbody", { "data-testid": "task-rows" });
  const summary = h("p", { class: "muted", "data-testid": "task-summary" });
  const more = h("button", { type: "button", "data-testid": "load-more", hidden: true, onclick: () => loadMore() }, "Load more");
  root.append(h("h1", {}, "Tasks"),
    h("form", { class: "card row filters", "data-testid": "task-filters", onsubmit: (e) => e.preventDefault() },
      h("label", {}, "Status ", status), h("label", {}, "Action ", action), h("label", {}, "Tag ", tag),
      h("label", {}, "Created ", window_), h("label", { class: "grow" }, "Search ", search)),
    h("div", { class: "card" }, summary,
      h("div", { class: "table-wrap" }, h("table", { class: "tasks", "data-testid": "task-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Status"), h("th", { class: "hide-narrow" }, "Action"),
          h("th", { class: "hide-narrow" }, "Created"), h("th", {}, "Finished"), h("th", { class: "hide-narrow" }, "Attempts"))),
        body)), more));

  const rows = new Map(); // id -> {task, tr}
  let cursor = null;
  let generation = 0; // a newer load makes the answers of an older one void
  let alive = true;
  const dirty = new Set();
  let frame = 0;
  let newTimer = null;

  const filters = () => {
    const seconds = Number(window_.value);
    return {
      status: status.value, action: action.value, tag: tag.value.trim(),
      created_after: seconds ? new Date(Date.now() - seconds * 1000).toISOString() : "",
    };
  };

  function matchesSearch(task) {
    const q = search.value.trim().toLowerCase();
    return !q || String(task.name || "").toLowerCase().includes(q) || String(task.id).toLowerCase().includes(q);
  }

  function row(task) {
    const tr = h("tr", { "data-testid": "task-row", "data-task-id": task.id });
    const entry = { task, tr };
    draw(entry);
    return entry;
  }

  function draw({ task, tr }) {
    tr.dataset.status = task.status;
    fill(tr,
      h("td", {}, h("a", { href: `#/tasks/${encodeURIComponent(task.id)}`, "data-testid": "task-name" }, task.name || task.id),
        h("div", { class: "muted small" }, task.id)),
      h("td", { "data-testid": "task-status" }, statusBadge(task.status),
        task.status === "running" && task.progress ? h("span", { class: "muted small" }, ` ${Math.round(task.progress * 100)} %`) : null),
      h("td", { class: "hide-narrow" }, task.action || ""),
      h("td", { class: "hide-narrow" }, fmt.time(task.created_at)),
      h("td", {}, fmt.time(task.completed_at)),
      h("td", { class: "hide-narrow" }, String(task.attempts ?? "")));
    tr.hidden = !matchesSearch(task);
  }

  /** Adds tasks (any order) at their place: newest created first. */
  function add(tasks) {
    const fresh = [];
    for (const task of tasks) {
      const known = rows.get(task.id);
      if (known) { known.task = task; dirty.add(task.id); continue; }
      const entry = row(task);
      rows.set(task.id, entry);
      fresh.push(entry);
    }
    fresh.sort((a, b) => (a.task.created_at < b.task.created_at ? 1 : -1));
    if (!fresh.length) { schedule(); return; }
    const first = body.firstElementChild && rows.get(body.firstElementChild.dataset.taskId);
    const last = body.lastElementChild && rows.get(body.lastElementChild.dataset.taskId);
    if (!first || fresh[fresh.length - 1].task.created_at >= first.task.created_at) {
      body.prepend(...fresh.map((entry) => entry.tr));
    } else if (fresh[0].task.created_at <= last.task.created_at) {
      body.append(...fresh.map((entry) => entry.tr));
    } else {
      for (const entry of fresh) {
        let before = null;
        for (const tr of body.children) {
          const other = rows.get(tr.dataset.taskId);
          if (other && other !== entry && other.task.created_at <= entry.task.created_at) { before = tr; break; }
        }
        body.insertBefore(entry.tr, before);
      }
    }
    schedule();
  }

  function newest() {
    let max = "";
    for (const { task } of rows.values()) if (task.created_at > max) max = task.created_at;
    return max;
  }

  function summarize() {
    const shown = [...rows.values()].filter((r) => !r.tr.hidden).length;
    fill(summary, `${fmt.number(shown)} of ${fmt.number(rows.size)} loaded tasks shown`,
      cursor ? " · older ones match too: Load more" : "");
    more.hidden = !cursor;
  }

  async function page(query, gen) {
    const { items, next } = await ctx.api.getPage("/tasks", { ...query, order: "newest" });
    if (gen !== generation || !alive) return;
    cursor = next;
    add(items);
  }

  async function load() {
    const gen = ++generation;
    rows.clear();
    fill(body);
    cursor = null;
    try {
      await page({ ...filters(), limit: PAGE }, gen);
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    }
    summarize();
  }

  async function loadMore() {
    if (!cursor) return;
    try {
      await page({ ...filters(), limit: PAGE, cursor }, generation);
    } catch (e) {
      ctx.toast(ctx.describeError(e), "error");
    }
    summarize();
  }

  /** Tasks created since the newest loaded one, with the same filters (one read for many events). */
  async function readNew() {
    newTimer = null;
    const gen = generation;
    const since = newest();
    if (!since) { load(); return; }
    try {
      const query = { ...filters(), limit: PAGE, order: "newest" };
      query.created_after = since;
      const { items, next } = await ctx.api.getPage("/tasks", query);
      if (gen !== generation || !alive) return;
      if (next) load(); // more new ones than a page: a gap would open between them and the rest
      else add(items);
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    }
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    for (const id of dirty) {
      const entry = rows.get(id);
      if (entry) draw(entry);
    }
    dirty.clear();
    summarize();
  }

  function onEvent(e) {
    if (e.type === "stream_open") {
      if (e.reconnect) load();
      return;
    }
    if (!e.task_id) return;
    const entry = rows.get(e.task_id);
    if (entry) {
      const t = entry.task;
      if (e.status) t.status = e.status;
      if (e.progress !== undefined && e.progress !== null) t.progress = e.progress;
      if (e.attempt) t.attempts = e.attempt;
      if (e.status === "running" && e.type === "task_started") t.started_at = e.timestamp;
      if (TERMINAL.has(e.status)) t.completed_at = e.timestamp;
      else if (e.status) t.completed_at = null;
      dirty.add(e.task_id);
      schedule();
    } else if (e.type === "task_scheduled") {
      if (!newTimer) newTimer = setTimeout(readNew, 500);
    }
  }

  for (const input of [status, action, window_]) input.addEventListener("change", load);
  let tagTimer = null;
  const tagChanged = () => { clearTimeout(tagTimer); tagTimer = setTimeout(load, 400); };
  tag.addEventListener("input", tagChanged);
  tag.addEventListener("change", tagChanged);
  search.addEventListener("input", () => { for (const entry of rows.values()) dirty.add(entry.task.id); schedule(); });

  ctx.api.get("/actions").then((list) => {
    if (!alive) return;
    for (const a of list || []) action.append(h("option", { value: a.name }, a.name));
  }).catch(() => {});
  const off = ctx.events.on(onEvent);
  load();
  return () => {
    alive = false;
    off();
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(newTimer);
    clearTimeout(tagTimer);
  };
}
