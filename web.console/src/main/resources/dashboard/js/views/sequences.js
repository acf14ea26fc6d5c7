// Sequences: the list (state, name, progress, started) with the forms to start one from a
// template or from a document; #/sequences/<id> is one sequence's page. Both follow the event
// stream: a sequence event (or one of its tasks' events) marks the page stale, and it is re-read
// at most every 300 ms; after a reconnect it is re-read at once.
import { h, fill, fmt, statusBadge, progressBar } from "../dom.js";
import { mountTemplateStart } from "../widgets/sequence-start.js";
import { mountDocument } from "../widgets/sequence-document.js";
import { mountSequencePage } from "../widgets/sequence-page.js";
import { debounced } from "../widgets/sequence-live.js";

function row(s) {
  const p = s.progress || {};
  const fraction = p.steps_total ? p.steps_done / p.steps_total : s.state === "completed" ? 1 : 0;
  return h("tr", { "data-testid": "sequence-row", "data-id": s.id, "data-state": s.state },
    h("td", {}, statusBadge(s.state)),
    h("td", {}, h("a", { href: `#/sequences/${encodeURIComponent(s.id)}`, "data-testid": "sequence-link" }, s.name || s.id),
      s.template && h("div", { class: "muted" }, s.template)),
    h("td", { class: "seq-col-progress" }, progressBar(fraction, `${p.steps_done ?? 0} / ${p.steps_total ?? 0}`)),
    h("td", { class: "hide-narrow" }, s.started_at ? fmt.time(s.started_at) : h("span", { class: "muted" }, "not started")));
}

function mountList(root, ctx) {
  const body = h("tbody", { "data-testid": "sequence-rows" });
  const empty = h("p", { class: "muted", "data-testid": "sequences-empty", hidden: true }, "No sequences yet.");
  const more = h("button", { type: "button", hidden: true, "data-testid": "sequences-more" }, "Show more");
  const startCard = h("section", { class: "card", "data-testid": "template-start" });
  const documentCard = h("section", { class: "card", "data-testid": "document" });
  root.append(h("h1", {}, "Sequences"),
    h("section", { class: "card" },
      h("div", { class: "table-wrap" }, h("table", { class: "seq-table", "data-testid": "sequences-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "State"), h("th", {}, "Name"), h("th", {}, "Progress"), h("th", { class: "hide-narrow" }, "Started"))),
        body)), empty, more),
    h("div", { class: "grid seq-forms" }, startCard, documentCard));

  const open = (s) => ctx.go(`#/sequences/${encodeURIComponent(s.id)}`);
  mountTemplateStart(startCard, ctx, open);
  mountDocument(documentCard, ctx, open);

  let alive = true;
  let shown = 100;
  async function load() {
    try {
      // newest first: the listing is oldest first, so the last pages are read
      const all = [];
      let cursor = null;
      do {
        const page = await ctx.api.getPage("/sequences", { limit: 1000, cursor });
        all.push(...page.items);
        cursor = page.next;
      } while (cursor && alive);
      if (!alive) return;
      all.reverse();
      fill(body, all.slice(0, shown).map(row));
      empty.hidden = all.length > 0;
      more.hidden = all.length <= shown;
    } catch (e) {
      if (alive) ctx.toast(ctx.describeError(e), "error");
    }
  }
  more.addEventListener("click", () => { shown += 100; load(); });
  const later = debounced(load, 300);
  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") { if (e.reconnect) load(); } else if (e.sequence_id) later();
  });
  load();
  return () => { alive = false; off(); later.cancel(); };
}

export default {
  id: "sequences",
  title: "Sequences",
  mount(root, ctx) {
    return ctx.args && ctx.args[0] ? mountSequencePage(root, ctx, ctx.args[0]) : mountList(root, ctx);
  },
};
