// One task's page (#/tasks/<id>): its record, and its history as a timeline. The API keeps no
// past events of a task, so the timeline is made of the timestamps the record has (created,
// not before, started, finished, deadline) and of the events this page has seen since it
// opened, marked as such. Its events re-read the record, at most every 300 ms.
import { h, fill, statusBadge, fmt } from "../dom.js";

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const MAX_SEEN = 200;

export function mountTaskPage(root, ctx, id) {
  const head = h("div", { class: "row task-head" });
  const actions = h("div", { class: "row" });
  const facts = h("dl", { class: "facts", "data-testid": "task-facts" });
  const steps = h("ol", { class: "task-timeline", "data-testid": "task-timeline" });
  const blocks = h("div", {});
  root.append(h("p", {}, h("a", { href: "#/tasks", "data-testid": "back-to-tasks" }, "← All tasks")),
    h("div", { class: "card" }, head, actions, facts),
    h("section", { class: "card" }, h("h2", {}, "Timeline"),
      h("p", { class: "muted small" }, "From the task's timestamps, and the events seen live since this page opened "
        + "(the server keeps no past events of a task)."), steps),
    blocks);

  let task = null;
  let alive = true;
  let timer = null;
  let busy = false;
  const seen = [];

  async function read() {
    timer = null;
    try {
      const t = await ctx.api.get(`/tasks/${encodeURIComponent(id)}`);
      if (!alive) return;
      task = t;
      draw();
    } catch (e) {
      if (!alive) return;
      if (e.status === 404) fill(head, h("h1", { "data-testid": "task-missing" }, "No task ", h("code", {}, id)));
      else ctx.toast(ctx.describeError(e), "error");
    }
  }
  const later = () => { if (!timer) timer = setTimeout(read, 300); };

  async function change(op) {
    if (op === "cancel" && !(await ctx.confirm(`Cancel the task “${task.name || task.id}”?`, { confirmLabel: "Cancel the task", cancelLabel: "Keep it" }))) return;
    busy = true;
    draw();
    try {
      task = await ctx.api.post(`/tasks/${encodeURIComponent(id)}/${op}`);
      ctx.toast(op === "cancel" ? "Task cancelled." : "Task retried.", "ok");
    } catch (e) {
      ctx.toast(ctx.describeError(e), "error");
    }
    busy = false;
    if (alive) draw();
  }

  function fact(label, value, testid) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
    return [h("dt", {}, label), h("dd", testid ? { "data-testid": testid } : {}, value)];
  }

  function json(title, value, testid) {
    if (value === null || value === undefined || (typeof value === "object" && !Object.keys(value).length)) return null;
    return h("section", { class: "card" }, h("h2", {}, title), h("pre", { "data-testid": testid }, JSON.stringify(value, null, 2)));
  }

  function draw() {
    const t = task;
    fill(head, h("h1", { "data-testid": "task-title" }, t.name || t.id), h("span", { "data-testid": "task-status" }, statusBadge(t.status)));
    fill(actions,
      h("button", { type: "button", class: "danger", "data-min-role": "operator", "data-testid": "task-cancel",
        disabled: busy || TERMINAL.has(t.status), onclick: () => change("cancel") }, "⊗ Cancel"),
      h("button", { type: "button", "data-min-role": "operator", "data-testid": "task-retry",
        disabled: busy || !(t.status === "failed" || t.status === "cancelled"), onclick: () => change("retry") }, "↻ Retry"));
    ctx.applyRoles(actions);
    fill(facts,
      fact("Id", h("code", {}, t.id), "task-id"),
      fact("Action", t.action),
      fact("Progress", t.status === "running" && t.progress ? `${Math.round(t.progress * 100)} % ${t.progress_message || ""}` : null),
      fact("Waiting for", t.waiting_for),
      fact("Attempts", `${t.attempts}${t.max_retries !== undefined ? ` (at most ${t.max_retries + 1})` : ""}`, "task-attempts"),
      fact("Priority", t.priority),
      fact("Run time", t.execution_time ? fmt.duration(t.execution_time) : null),
      fact("Resources", t.resources.map((r) => `${r.name} (${r.mode})`).join(", ")),
      fact("Tags", t.tags.join(", ")),
      fact("Assigned to", t.assigned_to && t.assigned_to !== "local" // "local": an installed action, not an agent
        ? h("a", { href: "#/agents" }, t.assigned_to) : t.assigned_to, "task-assigned"),
      fact("Depends on", t.depends_on.length ? h("ul", { class: "plain" }, t.depends_on.map((d) =>
        h("li", {}, h("a", { href: `#/tasks/${encodeURIComponent(d)}` }, d)))) : null, "task-deps"),
      fact("Error", t.error ? `${t.error_detail ? t.error_detail.type + ": " : ""}${t.error}` : null, "task-error"));
    fill(blocks, json("Parameters", t.parameters, "task-parameters"), json("Result", t.result, "task-result"),
      json("Metadata", t.metadata, "task-metadata"));
    drawTimeline();
  }

  function drawTimeline() {
    const t = task;
    const marks = [
      ["created", t.created_at, "Created"], ["not_before", t.not_before, "Not before"],
      ["started", t.started_at, `Started${t.attempts > 1 ? ` (attempt ${t.attempts})` : ""}`],
      ["finished", t.completed_at, `Finished: ${t.status}`], ["deadline", t.deadline, "Deadline"],
    ].filter(([, at]) => at).map(([kind, at, text]) => ({ at, text, kind, live: false }));
    const all = marks.concat(seen).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    fill(steps, all.map((m) => h("li", { class: ["mark", m.live ? "live" : "stored"], "data-testid": "timeline-entry", "data-kind": m.kind },
      h("time", { datetime: m.at }, fmt.time(m.at)), " ", m.live ? statusBadge(m.status || "running") : h("span", { class: "dot" }, "◆"),
      " ", m.text, m.live ? h("span", { class: "muted small" }, " · seen live") : null)));
  }

  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") { if (e.reconnect) later(); return; }
    if (e.task_id !== id) return;
    const text = [e.type.replace(/^task_/, "").replace(/_/g, " "), e.attempt ? `attempt ${e.attempt}` : "",
      e.progress ? `${Math.round(e.progress * 100)} %` : "", e.message || "", e.error ? `error: ${e.error.message || e.error}` : ""]
      .filter(Boolean).join(" · ");
    seen.push({ at: e.timestamp, text, kind: e.type, status: e.status, live: true });
    if (seen.length > MAX_SEEN) seen.splice(0, seen.length - MAX_SEEN);
    later();
  });
  read();
  return () => { alive = false; off(); clearTimeout(timer); };
}
