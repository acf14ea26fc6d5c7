// One sequence's page (#/sequences/<id>): its state and controls, what it does now (current
// steps, target, frames per filter, time), its tree, and its targets planner's decisions.
// Re-read (GET /sequences/{id}, debounced) when its events or its tasks' events arrive; the bar
// follows its tasks' progress events in between.
import { h, fill, fmt, statusBadge } from "../dom.js";
import { sequenceFacts, tickElapsed } from "./sequence-facts.js";
import { sequenceTree } from "./sequence-tree.js";
import { sequenceControls } from "./sequence-controls.js";
import { debounced, concerns, trackTaskProgress, seedTaskProgress } from "./sequence-live.js";

function decisionsList(decisions) {
  return h("ol", { class: "seq-decisions", "data-testid": "sequence-decisions", reversed: true },
    decisions.slice().reverse().map((d) => h("li", { "data-testid": "sequence-decision", "data-kind": d.kind },
      h("div", {}, h("strong", {}, d.kind), " ", h("span", { class: "muted" }, fmt.time(d.at)),
        d.chosen_target && [" → ", h("span", { class: "seq-chosen" }, d.chosen_target)],
        d.wait_until && [" · waits until ", fmt.time(d.wait_until)]),
      d.summary && h("div", {}, d.summary),
      (d.candidates || []).length > 0 && h("div", { class: "table-wrap" }, h("table", { class: "seq-candidates" },
        h("thead", {}, h("tr", {}, h("th", {}, "Target"), h("th", {}, "Viable"), h("th", {}, "Score"), h("th", {}, "Reason"))),
        h("tbody", {}, d.candidates.map((c) => h("tr", {},
          h("td", {}, c.chosen ? "★ " : "", c.target || c.step_id),
          h("td", {}, c.viable ? "✓ yes" : "✗ no"),
          h("td", {}, c.score === null || c.score === undefined ? "" : Number(c.score).toFixed(2)),
          h("td", {}, c.reason || "")))))))));
}

export function mountSequencePage(root, ctx, id) {
  const path = `/sequences/${encodeURIComponent(id)}`;
  const title = h("h1", { "data-testid": "sequence-title" }, "Sequence");
  const head = h("div", { class: "row seq-head" });
  const facts = h("section", { class: "card", "data-testid": "sequence-facts" });
  const tree = h("section", { class: "card" }, h("h2", {}, "Steps"));
  const treeBox = h("div", {});
  tree.append(treeBox);
  const decisionsCard = h("section", { class: "card", hidden: true }, h("h2", {}, "Target decisions"));
  const decisionsBox = h("div", {});
  decisionsCard.append(decisionsBox);
  root.append(h("p", {}, h("a", { href: "#/sequences", "data-testid": "sequences-back" }, "← All sequences")),
    title, head, facts, tree, decisionsCard);

  let alive = true;
  let sequence = null;
  const ids = new Set([id]);
  const taskProgress = new Map();
  let decisions = [];
  let nextAfter = -1;

  const drawFacts = () => sequence && fill(facts, sequenceFacts(sequence, taskProgress));
  const draw = () => {
    fill(title, sequence.name || sequence.id);
    fill(head, statusBadge(sequence.state), h("span", { class: "muted" }, sequence.template ? `from ${sequence.template}` : ""),
      h("span", { class: "muted" }, `created ${fmt.time(sequence.created_at)}`),
      sequenceControls(sequence, ctx, (changed) => {
        if (changed === null) { ctx.go("#/sequences"); return; }
        sequence = changed;
        draw();
      }));
    head.dataset.state = sequence.state;
    root.dataset.state = sequence.state;
    drawFacts();
    fill(treeBox, sequenceTree(sequence));
    ctx.applyRoles(root);
  };

  async function loadDecisions() {
    const page = await ctx.api.get(`${path}/decisions`, { after: nextAfter, limit: 1000 });
    decisions = decisions.concat(page.decisions || []);
    nextAfter = page.next_after;
    decisionsCard.hidden = decisions.length === 0;
    fill(decisionsBox, decisions.length ? decisionsList(decisions.slice(-50)) : []);
  }

  async function load() {
    try {
      const s = await ctx.api.get(path);
      if (!alive) return;
      await seedTaskProgress(ctx.api, taskProgress, [s]);
      if (!alive) return;
      sequence = s;
      draw();
      await loadDecisions();
    } catch (e) {
      if (!alive) return;
      if (e.status === 404) fill(facts, h("p", { class: "error", "data-testid": "sequence-missing" }, `✗ No sequence ${id}.`));
      else ctx.toast(ctx.describeError(e), "error");
    }
  }

  const later = debounced(load, 300);
  let frame = 0;
  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") { if (e.reconnect) load(); return; }
    if (trackTaskProgress(taskProgress, e, ids) && !frame) {
      frame = requestAnimationFrame(() => { frame = 0; drawFacts(); });
    }
    if (concerns(e, ids)) later();
  });
  const ticker = setInterval(() => tickElapsed(facts), 1000);
  load();
  return () => { alive = false; off(); later.cancel(); clearInterval(ticker); if (frame) cancelAnimationFrame(frame); };
}
