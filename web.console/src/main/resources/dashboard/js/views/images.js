// The Images view: the last frame (or one picked in the gallery) as its stretched preview with
// its HFR, star count, size, date and FITS headers; a gallery of the night's frames; the HFR over
// the night. Read once from the camera.expose tasks created since the night began (the last
// local noon), then kept up to date from the event stream: a task_completed event of
// camera.expose brings its frames in its result; a task_progress event of one (a frame of a
// series written) re-reads that task's checkpoint, at most every 300 ms (so does an end event
// without the frames). Redrawn at most once per animation frame; re-read after the stream
// reconnects.
import { h } from "../dom.js";
import { ACTION, framesOf, loadTasks, nightStart } from "../widgets/frame-data.js";
import { frameView } from "../widgets/frame-view.js";
import { frameGallery } from "../widgets/frame-gallery.js";
import { hfrChart } from "../widgets/frame-hfr-chart.js";

export default {
  id: "images",
  title: "Images",
  mount(root, ctx) {
    const frames = new Map(); // key -> frame
    let picked = null; // a frame key the person chose; null: follow the newest
    let alive = true;

    const latestButton = h("button", { type: "button", "data-testid": "frame-latest", hidden: true,
      onclick: () => { picked = null; redraw(); } }, "↻ Show the newest");
    const title = h("h2", { "data-testid": "frame-title" }, "Last frame");
    const viewCard = h("div", { class: "images-frame", "data-testid": "frame" });
    const noFrame = h("p", { class: "muted", "data-testid": "images-empty" }, "Loading the night's frames…");
    const chartCard = h("section", { class: "card" }, h("h2", {}, "HFR over the night"));
    const galleryCard = h("section", { class: "card" }, h("h2", {}, "Tonight's frames"));
    root.append(h("h1", {}, "Images"),
      h("section", { class: "card" }, h("div", { class: "row images-head" }, title, latestButton), noFrame, viewCard),
      chartCard, galleryCard);

    const view = frameView(viewCard, ctx.api, ctx.toast, ctx.describeError);
    const chart = hfrChart(chartCard);
    const gallery = frameGallery(galleryCard, ctx.api, (frame) => {
      picked = frame.key;
      redraw();
      viewCard.scrollIntoView({ block: "nearest" });
    });

    let frameRequested = false;
    function redraw() {
      if (frameRequested || !alive) return;
      frameRequested = true;
      requestAnimationFrame(render);
    }

    function newest() {
      let best = null;
      for (const f of frames.values()) if (!best || f.time > best.time || (f.time === best.time && f.key > best.key)) best = f;
      return best;
    }

    function render() {
      frameRequested = false;
      if (!alive) return;
      const all = [...frames.values()];
      const shown = (picked && frames.get(picked)) || newest();
      title.textContent = shown && picked ? "Chosen frame" : "Last frame";
      latestButton.hidden = !picked;
      noFrame.textContent = "No frame tonight yet: the frames of camera.expose tasks show here.";
      noFrame.hidden = Boolean(shown);
      view.show(shown);
      gallery.update(all, shown ? shown.key : null);
      chart.update(all);
    }

    function addTask(task) {
      for (const f of framesOf(task)) frames.set(f.key, f);
      redraw();
    }

    // "true" once the night's frames were read (or could not be): what the page shows from then on is complete
    root.dataset.loaded = "false";
    let loading = null;
    async function reload() {
      const started = nightStart();
      const request = loadTasks(ctx.api, started);
      loading = request;
      try {
        const tasks = await request;
        if (!alive || loading !== request) return;
        for (const [key, f] of frames) if (f.time < started.getTime()) frames.delete(key); // a new night
        tasks.forEach(addTask);
        redraw();
      } catch (e) {
        if (alive) ctx.toast(ctx.describeError(e), "error");
      }
      if (alive && loading === request) root.dataset.loaded = "true";
    }

    // a series' frames appear in its checkpoint as they are written: re-read those tasks, debounced
    const stale = new Set();
    let staleTimer = null;
    async function rereadStale() {
      staleTimer = null;
      const ids = [...stale];
      stale.clear();
      for (const id of ids) {
        try {
          const task = await ctx.api.get(`/tasks/${encodeURIComponent(id)}`);
          if (alive) addTask(task);
        } catch (e) {
          // gone or not readable now: its completion event brings the frames
        }
      }
    }

    const off = ctx.events.on((e) => {
      if (e.type === "stream_open") {
        if (e.reconnect) reload();
        return;
      }
      if (e.action !== ACTION || !e.task_id) return;
      if (e.type === "task_completed" && e.result && Array.isArray(e.result.frames)) {
        addTask({ task_id: e.task_id, result: e.result });
      } else if (["task_progress", "task_completed", "task_failed", "task_cancelled"].includes(e.type)) {
        stale.add(e.task_id);
        if (!staleTimer) staleTimer = setTimeout(rereadStale, 300);
      }
    });
    reload();

    return () => {
      alive = false;
      off();
      if (staleTimer) clearTimeout(staleTimer);
      view.destroy();
      chart.destroy();
      gallery.destroy();
    };
  },
};
