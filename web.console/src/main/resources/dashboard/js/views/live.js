// The overview: what runs now. Counts by status, read once and refreshed (at most twice a
// second) when task events say they changed; re-read after the stream reconnects.
import { h, fill, statusBadge, fmt } from "../dom.js";
import { mountRunningSequences } from "../widgets/running-sequences.js";

const STATUSES = ["pending", "ready", "running", "paused", "retrying", "completed", "failed", "cancelled"];

export default {
  id: "live",
  title: "Live",
  mount(root, ctx) {
    const counts = h("div", { class: "counts", "data-testid": "counts" });
    const sequences = h("div", { "data-testid": "running-sequences" });
    root.append(h("h1", {}, "Live"), h("section", { class: "card" }, h("h2", {}, "Tasks by status"), counts),
      h("section", { class: "card" }, h("h2", {}, "Running sequences"), sequences));
    const unmountSequences = mountRunningSequences(sequences, ctx);

    let timer = null;
    let alive = true;
    async function refresh() {
      timer = null;
      try {
        const stats = await ctx.api.get("/scheduler/statistics");
        if (!alive) return;
        fill(counts, STATUSES.map((s) => h("div", { class: "count", "data-testid": `count-${s}`, "data-count": stats[s] ?? 0 },
          h("span", { class: "n" }, fmt.number(stats[s] ?? 0)), statusBadge(s))));
      } catch (e) {
        if (alive) ctx.toast(ctx.describeError(e), "error");
      }
    }
    const later = () => { if (!timer) timer = setTimeout(refresh, 500); };
    const off = ctx.events.on((e) => {
      if (e.type === "stream_open" || (e.task_id && e.status)) later();
    });
    refresh();
    return () => { alive = false; off(); unmountSequences(); if (timer) clearTimeout(timer); };
  },
};
