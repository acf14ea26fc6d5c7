// The Tasks view: the list (#/tasks) with filters and paging, or one task's page (#/tasks/<id>).
//
// The list asks GET /tasks for the filters the API has (status, action, tag, created_after: all
// indexed in the store), newest first (order=newest), a page at a time ("Load more" reads older
// ones with the cursor), and searches name and id among the loaded rows in the browser. Live: a
// row's status changes in place from its events (marked, then only its changing cells drawn at the
// next animation frame); tasks created since the newest loaded one are read with the same filters
// (created_after), one read at a time and at most every 500 ms, and come at the top. The list holds
// one page of rows (one more per "Load more"): the oldest beyond it are let go of, and "Load more"
// then reads from the oldest row kept (created_before), so a busy store never grows the page.
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
    // #/tasks/?assigned_to=gpu-1 is the list with that filter (the Agents view links there)
    const preset = ctx.args[0] && ctx.args[0].startsWith("?") ? new URLSearchParams(ctx.args[0]) : null;
    return ctx.args[0] && !preset ? mountTaskPage(root, ctx, ctx.args[0]) : mountList(root, ctx, preset);
  },
};

function mountList(root, ctx, preset) {
  const status = h("select", { name: "status", "data-testid": "filter-status" },
    h("option", { value: "" }, "Any status"), STATUSES.map((s) => h("option", { value: s }, s)));
  const action = h("select", { name: "action", "data-testid": "filter-action" }, h("option", { value: "" }, "Any action"));
  const tag = h("input", { name: "tag", type: "search", placeholder: "tag", "data-testid": "filter-tag", size: 10 });
  const agent = h("input", { name: "assigned_to", type: "search", placeholder: "agent id", "data-testid": "filter-agent", size: 10,
    value: (preset && preset.get("assigned_to")) || "" });
  const window_ = h("select", { name: "window", "data-testid": "filter-window" },
    WINDOWS.map(([v, label]) => h("option", { value: v }, label)));
  window_.value = "86400";
  const search = h("input", { name: "q", type: "search", placeholder: "Search name or id", "data-testid": "filter-search" });
  const body = h("tbody", { "data-testid": "task-rows" });
  const summary = h("p", { class: "muted", "data-testid": "task-summary" });
  const more = h("button", { type: "button", "data-testid": "load-more", hidden: true, onclick: () => loadMore() }, "Load more");
  root.append(h("h1", {}, "Tasks"),
    h("form", { class: "card row filters", "data-testid": "task-filters", onsubmit: (e) => e.preventDefault() },
      h("label", {}, "Status ", status), h("label", {}, "Action ", action), h("label", {}, "Tag ", tag), h("label", {}, "Agent ", agent),
      h("label", {}, "Created ", window_), h("label", { class: "grow" }, "Search ", search)),
    h("div", { class: "card" }, summary,
      h("div", { class: "table-wrap" }, h("table", { class: "tasks", "data-testid": "task-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Status"), h("th", { class: "hide-narrow" }, "Action"), h("th", { class: "hide-narrow" }, "Agent"),
          h("th", { class: "hide-narrow" }, "Created"), h("th", {}, "Finished"), h("th", { class: "hide-narrow" }, "Attempts"))),
        body)), more));

  const rows = new Map(); // id -> {task, tr, cells}: at most `room` of them, newest created first
  let room = PAGE; // one page; each "Load more" makes room for one more
  let cursor = null;
  let before = ""; // when older rows were let go of: the oldest kept row's creation ("Load more" reads from there)
  let newestAt = ""; // the newest creation among the loaded rows
  let generation = 0; // a newer load makes the answers of an older one void
  let alive = true;
  const dirty = new Set();
  let frame = 0;
  let newTimer = null;
  let reading = false; // a read of new tasks is under way
  let newAgain = false; // new tasks were announced while it was

  const filters = () => {
    const seconds = Number(window_.value);
    return {
      status: status.value, action: action.value, tag: tag.value.trim(), assigned_to: agent.value.trim(),
      created_after: seconds ? new Date(Date.now() - seconds * 1000).toISOString() : "",
    };
  };

  function matchesSearch(task) {
    const q = search.value.trim().toLowerCase();
    return !q || String(task.name || "").toLowerCase().includes(q) || String(task.id).toLowerCase().includes(q);
  }

  function row(task) {
    const cells = {
      status: h("td", { "data-testid": "task-status" }),
      finished: h("td", {}),
      attempts: h("td", { class: "hide-narrow" }),
      agent: h("td", { class: "hide-narrow", "data-testid": "task-agent" }),
    };
    const tr = h("tr", { "data-testid": "task-row", "data-task-id": task.id },
      h("td", {}, h("a", { href: `#/tasks/${encodeURIComponent(task.id)}`, "data-testid": "task-name" }, task.name || task.id),
        h("div", { class: "muted small" }, task.id)),
      cells.status,
      h("td", { class: "hide-narrow" }, task.action || ""), cells.agent,
      h("td", { class: "hide-narrow" }, fmt.time(task.created_at)),
      cells.finished, cells.attempts);
    const entry = { task, tr, cells };
    draw(entry);
    tr.hidden = !matchesSearch(task);
    return entry;
  }

  /** Draws what a task's events change: its status, progress, end and attempts (the rest never changes). */
  function draw({ task, tr, cells }) {
    tr.dataset.status = task.status;
    fill(cells.status, statusBadge(task.status),
      task.status === "running" && task.progress ? h("span", { class: "muted small" }, ` ${Math.round(task.progress * 100)} %`) : null);
    fill(cells.finished, fmt.time(task.completed_at));
    fill(cells.attempts, String(task.attempts ?? ""));
    // "local": an installed action ran it, not an agent
    fill(cells.agent, task.assigned_to && task.assigned_to !== "local"
      ? h("a", { href: "#/agents", title: `Agent ${task.assigned_to}` }, task.assigned_to) : task.assigned_to || "");
  }

  /** Adds tasks (any order) at their place: newest created first; then lets go of the oldest beyond the room. */
  function add(tasks) {
    const fresh = [];
    for (const task of tasks) {
      const known = rows.get(task.id);
      if (known) { known.task = task; dirty.add(task.id); schedule(); continue; }
      const entry = row(task);
      rows.set(task.id, entry);
      fresh.push(entry);
      if (task.created_at > newestAt) newestAt = task.created_at;
    }
    if (!fresh.length) return;
    fresh.sort((a, b) => (a.task.created_at < b.task.created_at ? 1 : -1));
    const first = body.firstElementChild && rows.get(body.firstElementChild.dataset.taskId);
    const last = body.lastElementChild && rows.get(body.lastElementChild.dataset.taskId);
    if (!first || first === fresh[0] || fresh[fresh.length - 1].task.created_at >= first.task.created_at) {
      body.prepend(...fresh.map((entry) => entry.tr));
    } else if (fresh[0].task.created_at <= last.task.created_at) {
      body.append(...fresh.map((entry) => entry.tr));
    } else {
      for (const entry of fresh) {
        let before_ = null;
        for (const tr of body.children) {
          const other = rows.get(tr.dataset.taskId);
          if (other && other !== entry && other.task.created_at <= entry.task.created_at) { before_ = tr; break; }
        }
        body.insertBefore(entry.tr, before_);
      }
    }
    letGo(room);
    summarize();
  }

  /** Keeps the newest `keep` rows; "Load more" then reads from the oldest one kept. */
  function letGo(keep) {
    if (rows.size <= keep) return;
    while (rows.size > keep) {
      const tr = body.lastElementChild;
      rows.delete(tr.dataset.taskId);
      dirty.delete(tr.dataset.taskId);
      tr.remove();
    }
    // created_before is exclusive: one nanosecond later also reads the rows let go of that were
    // created at the same instant as the oldest one kept (a batch's tasks share it); rows read
    // again are known and skipped
    before = nanosecondAfter(rows.get(body.lastElementChild.dataset.taskId).task.created_at);
    cursor = null;
  }

  function summarize() {
    let shown = 0;
    for (const entry of rows.values()) if (!entry.tr.hidden) shown++;
    const older = Boolean(cursor || before);
    fill(summary, `${fmt.number(shown)} of ${fmt.number(rows.size)} loaded tasks shown`,
      older ? " · older ones match too: Load more" : "");
    more.hidden = !older;
  }

  async function page(query, gen) {
    const { items, next } = await ctx.api.getPage("/tasks", { ...query, order: "newest" });
    if (gen !== generation || !alive) return;
    cursor = next;
    if (!next) before = "";
    add(items);
  }

  async function load() {
    const gen = ++generation;
    rows.clear();
    dirty.clear();
    fill(body);
    cursor = null;
    before = "";
    newestAt = "";
    room = PAGE;
    try {
      await page({ ...filters(), limit: PAGE }, gen);
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    }
    summarize();
  }

  async function loadMore() {
    if (!cursor && !before) return;
    const query = { ...filters(), limit: PAGE };
    if (cursor) query.cursor = cursor;
    if (before) query.created_before = before;
    room += PAGE;
    try {
      await page(query, generation);
    } catch (e) {
      ctx.toast(ctx.describeError(e), "error");
    }
    summarize();
  }

  /**
   * Tasks created since the newest loaded one, with the same filters: one read at a time, at most
   * every 500 ms, however many tasks were announced meanwhile.
   */
  async function readNew() {
    newTimer = null;
    if (!newestAt) { load(); return; }
    const gen = generation;
    reading = true;
    newAgain = false;
    try {
      const query = { ...filters(), limit: PAGE, order: "newest" };
      query.created_after = newestAt;
      const { items, next } = await ctx.api.getPage("/tasks", query);
      if (gen !== generation || !alive) return;
      if (next && items.length) {
        // more new ones than a page: a gap would open between them and the rows loaded before
        add(items);
        letGo(items.length);
        summarize();
      } else {
        add(items);
      }
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    } finally {
      reading = false;
      if (newAgain && alive && !newTimer) newTimer = setTimeout(readNew, 500);
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
      if (e.assigned_to) t.assigned_to = e.assigned_to;
      if (e.status === "running" && e.type === "task_started") t.started_at = e.timestamp;
      if (TERMINAL.has(e.status)) t.completed_at = e.timestamp;
      else if (e.status) t.completed_at = null;
      dirty.add(e.task_id);
      schedule();
    } else if (e.type === "task_scheduled") {
      if (reading) newAgain = true;
      else if (!newTimer) newTimer = setTimeout(readNew, 500);
    }
  }

  for (const input of [status, action, window_]) input.addEventListener("change", load);
  let tagTimer = null;
  const tagChanged = () => { clearTimeout(tagTimer); tagTimer = setTimeout(load, 400); };
  for (const input of [tag, agent]) {
    input.addEventListener("input", tagChanged);
    input.addEventListener("change", tagChanged);
  }
  search.addEventListener("input", () => {
    for (const entry of rows.values()) entry.tr.hidden = !matchesSearch(entry.task);
    summarize();
  });

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

/** An instant as the API writes it (`…:ss[.fraction]Z`), one nanosecond later; any other text as it is. */
function nanosecondAfter(iso) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(iso || "");
  if (!m) return iso;
  const nanos = BigInt(Date.parse(`${m[1]}Z`)) * 1000000n + BigInt((m[2] || "").padEnd(9, "0")) + 1n;
  const seconds = nanos / 1000000000n;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${String(nanos % 1000000000n).padStart(9, "0")}Z`;
}
