// The running sequences on the Live page: a card for each running, pausing or paused sequence
// with its state, current step, current target, frames per filter, a progress bar (steps done
// of all, moved on by its tasks' progress), time elapsed and left, and a link to its page. A
// sequence that ends while the page is open keeps its card (with its final state) until the
// page is left, so the end is seen. Re-read (debounced) on sequence events and its tasks' events.
import { h, fill, statusBadge } from "../dom.js";
import { sequenceFacts, tickElapsed } from "./sequence-facts.js";
import { debounced, concerns, trackTaskProgress, seedTaskProgress } from "./sequence-live.js";
import { isTerminal } from "./sequence-model.js";

const SHOWN = ["running", "pausing", "paused"];

function card(sequence, taskProgress) {
  return h("article", { class: "seq-card", "data-testid": "running-sequence", "data-id": sequence.id, "data-state": sequence.state },
    h("div", { class: "row seq-card-head" },
      statusBadge(sequence.state),
      h("a", { href: `#/sequences/${encodeURIComponent(sequence.id)}`, class: "seq-card-name", "data-testid": "running-sequence-link" },
        sequence.name || sequence.id)),
    sequenceFacts(sequence, taskProgress));
}

/** Shows the running sequences in `el`; returns the unmount function. */
export function mountRunningSequences(el, ctx) {
  const list = h("div", { class: "seq-cards" });
  const none = h("p", { class: "muted", "data-testid": "running-sequences-none" }, "No sequence is running.");
  el.append(none, list);

  let alive = true;
  const shown = new Map(); // id -> the sequence as last read
  const ids = new Set();
  const taskProgress = new Map();
  let frame = 0;

  const draw = () => {
    frame = 0;
    const all = [...shown.values()];
    none.hidden = all.length > 0;
    fill(list, all.map((s) => card(s, taskProgress)));
  };
  const drawSoon = () => { if (!frame) frame = requestAnimationFrame(draw); };

  async function load() {
    try {
      const running = [];
      let cursor = null;
      do {
        const page = await ctx.api.getPage("/sequences", { state: SHOWN.join(","), limit: 1000, cursor });
        running.push(...page.items);
        cursor = page.next;
      } while (cursor && alive);
      const wanted = new Set([...running.map((s) => s.id), ...[...shown.values()].filter((s) => !isTerminal(s.state)).map((s) => s.id)]);
      const full = await Promise.all([...wanted].map((id) => ctx.api.get(`/sequences/${encodeURIComponent(id)}`).catch(() => null)));
      if (!alive) return;
      for (const s of full) if (s) shown.set(s.id, s);
      for (const id of [...shown.keys()]) if (!wanted.has(id) && !isTerminal(shown.get(id).state)) shown.delete(id);
      ids.clear();
      for (const id of shown.keys()) ids.add(id);
      for (const task of [...taskProgress.keys()]) if (!ids.has(task.slice(0, task.indexOf(".")))) taskProgress.delete(task);
      await seedTaskProgress(ctx.api, taskProgress, [...shown.values()].filter((s) => !isTerminal(s.state)));
      if (alive) drawSoon();
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    }
  }

  const later = debounced(load, 300);
  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") { if (e.reconnect) load(); return; }
    if (trackTaskProgress(taskProgress, e, ids)) drawSoon();
    if (e.sequence_id || concerns(e, ids)) later(); // any sequence's event: one may have started
  });
  const ticker = setInterval(() => tickElapsed(list), 1000);
  load();
  return () => { alive = false; off(); later.cancel(); clearInterval(ticker); if (frame) cancelAnimationFrame(frame); };
}
