// The Agents view (#/agents): every agent, local and remote, as a card — state (icon and word),
// type, where it runs, capabilities, running of concurrency as a bar, last heartbeat, metrics, and
// its running tasks linked to their pages — kept live by the agent feed (agent-feed.js). An admin
// drains and removes a remote agent after a confirmation (DELETE /agents/{id}); a local agent
// goes with its bundle.
import { h, fill, fmt, progressBar, statusBadge } from "../dom.js";
import { watchAgents, countByState, AGENT_STATES } from "../agent-feed.js";

/** The "… ago" texts are drawn again this often. */
const AGO_MS = 5000;

const percent = (f) => (f === null || f === undefined ? "—" : `${Math.round(f * 100)} %`);

export default {
  id: "agents",
  title: "Agents",
  mount(root, ctx) {
    const summary = h("p", { class: "muted", "data-testid": "agents-summary" }, "Reading the agents…");
    const grid = h("div", { class: "grid agents", "data-testid": "agents" });
    root.append(h("h1", {}, "Agents"), summary, grid);
    const cards = new Map(); // id → {card, key}
    const progress = new Map(); // task id → its last progress (0..1), from task_progress events
    let shown = [];

    function draw(agents) {
      shown = agents;
      const running = new Set(agents.flatMap((a) => a.running_tasks));
      for (const id of progress.keys()) if (!running.has(id)) progress.delete(id);
      const counts = countByState(agents);
      fill(summary, agents.length === 0 ? "No agent is registered: a remote agent registers through the API"
        + " (POST /api/v1/agents), a local one comes with its bundle."
        : `${agents.length} ${agents.length === 1 ? "agent" : "agents"}: `
          + AGENT_STATES.map((s) => `${counts[s]} ${s}`).join(", "));
      const ids = new Set(agents.map((a) => a.id));
      for (const [id, c] of cards) if (!ids.has(id)) { c.card.remove(); cards.delete(id); }
      agents.forEach((a, i) => {
        const card = drawCard(a);
        if (grid.children[i] !== card) grid.insertBefore(card, grid.children[i] || null);
      });
    }

    function drawCard(a) {
      let c = cards.get(a.id);
      const key = JSON.stringify(a) + fmt.ago(a.last_heartbeat) + a.running_tasks.map((t) => progress.get(t)).join();
      if (c && c.key === key) return c.card;
      if (!c) {
        c = { card: h("article", { class: "card agent", "data-testid": `agent-${a.id}`, "data-agent-id": a.id }) };
        cards.set(a.id, c);
      }
      c.key = key;
      c.card.dataset.state = a.state;
      const m = a.metrics;
      const drain = a.remote && a.state !== "draining"
        ? h("button", { type: "button", class: "danger", "data-min-role": "admin", "data-testid": `agent-${a.id}-drain`,
          hidden: !ctx.session.may("admin"), onclick: () => drainAgent(a) }, "Drain and remove")
        : null;
      fill(c.card,
        h("header", { class: "row" }, h("h2", {}, a.id), h("span", { class: "spacer" }),
          h("span", { "data-testid": `agent-${a.id}-state` }, statusBadge(a.state))),
        h("p", { class: "muted meta", "data-testid": `agent-${a.id}-meta` },
          `${a.type || "agent"} · ${a.remote ? "remote" : `local${a.bundle ? ` (${a.bundle})` : ""}`}`),
        h("ul", { class: "caps", "aria-label": "Capabilities", "data-testid": `agent-${a.id}-capabilities` },
          a.capabilities.map((cap) => h("li", { class: "cap" }, cap))),
        h("div", { class: "agent-load", "data-testid": `agent-${a.id}-load`, "data-running": a.running, "data-concurrency": a.concurrency },
          progressBar(a.concurrency ? a.running / a.concurrency : 0, `${a.running} of ${a.concurrency} running`)),
        h("dl", { class: "values" },
          h("dt", {}, "Last heartbeat"), h("dd", { "data-testid": `agent-${a.id}-heartbeat` },
            a.last_heartbeat ? `${fmt.ago(a.last_heartbeat)} (${fmt.time(a.last_heartbeat)})` : "—"),
          h("dt", {}, "Completed"), h("dd", { "data-testid": `agent-${a.id}-completed` }, fmt.number(m.completed)),
          h("dt", {}, "Failed"), h("dd", { "data-testid": `agent-${a.id}-failed` }, fmt.number(m.failed)),
          h("dt", {}, "Success rate"), h("dd", { "data-testid": `agent-${a.id}-success` }, percent(m.success_rate)),
          h("dt", {}, "Average time"), h("dd", {}, m.average_seconds === null ? "—" : fmt.duration(m.average_seconds)),
          h("dt", {}, "Last task"), h("dd", {}, m.last_task_at ? fmt.time(m.last_task_at) : "—")),
        h("h3", {}, "Running tasks"),
        a.running_tasks.length
          ? h("ul", { class: "plain agent-tasks", "data-testid": `agent-${a.id}-tasks` }, a.running_tasks.map((id) =>
            h("li", { "data-task-id": id }, h("a", { href: `#/tasks/${encodeURIComponent(id)}`, "data-testid": "agent-task" }, id),
              progress.has(id) ? h("span", { class: "muted small" }, ` ${Math.round(progress.get(id) * 100)} %`) : null)))
          : h("p", { class: "muted", "data-testid": `agent-${a.id}-idle` }, "None."),
        h("div", { class: "row" },
          h("a", { href: `#/tasks/?assigned_to=${encodeURIComponent(a.id)}`, "data-testid": `agent-${a.id}-all-tasks` }, "Its tasks"),
          h("span", { class: "spacer" }), drain,
          a.remote ? null : h("span", { class: "muted small" }, "Local: stop its bundle to remove it.")));
      return c.card;
    }

    async function drainAgent(a) {
      const running = a.running ? ` finishes its ${a.running} running ${a.running === 1 ? "task" : "tasks"},` : "";
      const yes = await ctx.confirm(`Drain agent ${a.id}? It takes no new task,${running} and is then removed.`
        + " Tasks only it could run wait for another agent.", { confirmLabel: "Drain and remove" });
      if (!yes) return;
      try {
        await ctx.api.del(`/agents/${encodeURIComponent(a.id)}`);
        ctx.toast(`Agent ${a.id} is draining; it is removed when its tasks have ended.`, "ok");
      } catch (e) {
        ctx.toast(ctx.describeError(e), "error");
      }
    }

    const feed = watchAgents(ctx, draw, {
      onError: (e) => {
        if (e.status === 404 || e.status === 503) fill(summary, "Agents are not available on this server (the scheduler"
          + " has no agent service).");
        else ctx.toast(ctx.describeError(e), "error");
      },
    });
    const off = ctx.events.on((e) => {
      if (e.type === "task_progress" && e.task_id && e.progress !== undefined && e.progress !== null
        && shown.some((a) => a.running_tasks.includes(e.task_id))) {
        progress.set(e.task_id, Number(e.progress));
        draw(shown);
      }
    });
    const ago = setInterval(() => { if (document.visibilityState === "visible") draw(shown); }, AGO_MS);
    return () => {
      feed.stop();
      off();
      clearInterval(ago);
    };
  },
};
