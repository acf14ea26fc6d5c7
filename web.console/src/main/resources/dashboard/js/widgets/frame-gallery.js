// The night's frames as thumbnails (their PNG previews), newest first. A thumbnail is fetched
// (with the token: an <img src> cannot carry it) only while it is in view, and its object URL
// revoked when it leaves, so a long night does not hold every preview in memory (the browser's
// HTTP cache keeps the bytes: the API serves them `private, max-age=3600`).
import { h, fmt } from "../dom.js";

/** A gallery in `el`; `pick(frame)` shows a frame. Returns {update(frames, shownKey), destroy()}. */
export function frameGallery(el, api, pick) {
  const grid = h("div", { class: "gallery", "data-testid": "gallery" });
  const empty = h("p", { class: "muted", "data-testid": "gallery-empty" }, "No frame tonight yet.");
  el.append(grid, empty);
  const items = new Map(); // frame key -> {button, img, frame, url, loading}
  let alive = true;

  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const item = items.get(entry.target.dataset.key);
      if (!item) continue;
      if (entry.isIntersecting) load(item); else unload(item);
    }
  }, { root: grid, rootMargin: "200px" });

  async function load(item) {
    if (item.url || item.loading || !item.frame.png) return;
    item.loading = true;
    try {
      const url = await api.blobUrl(item.frame.png);
      if (!alive || items.get(item.frame.key) !== item || !item.loading) { URL.revokeObjectURL(url); return; }
      item.url = url;
      item.img.src = url;
    } catch (e) {
      item.img.alt = `preview not available (${e.status || e.message})`;
    } finally {
      item.loading = false;
    }
  }

  function unload(item) {
    item.loading = false;
    if (!item.url) return;
    item.img.removeAttribute("src");
    URL.revokeObjectURL(item.url);
    item.url = null;
  }

  function itemOf(frame) {
    const img = h("img", { class: "frame thumb", alt: `frame of ${fmt.time(frame.date_obs)}`, decoding: "async" });
    const button = h("button", { type: "button", class: "gallery-item", "data-testid": "gallery-item", "data-key": frame.key,
      title: frame.key, onclick: () => pick(frame) },
    h("span", { class: "thumb-box" }, h("span", { class: "frame-wrap" }, img)),
    h("span", { class: "caption" }, fmt.time(frame.date_obs).slice(11), frame.hfr !== null ? ` · HFR ${frame.hfr.toFixed(2)}` : ""));
    return { button, img, frame, url: null, loading: false };
  }

  return {
    update(frames, shownKey) {
      const newest = [...frames].sort((a, b) => b.time - a.time || (a.key < b.key ? 1 : -1));
      let changed = newest.length !== grid.children.length;
      for (const frame of newest) {
        let item = items.get(frame.key);
        if (!item) {
          item = itemOf(frame);
          items.set(frame.key, item);
          seen.observe(item.button);
          changed = true;
        }
        item.frame = frame;
      }
      if (changed) grid.replaceChildren(...newest.map((f) => items.get(f.key).button));
      for (const [key, item] of items) {
        const current = key === shownKey;
        item.button.classList.toggle("current", current);
        if (current) item.button.setAttribute("aria-current", "true"); else item.button.removeAttribute("aria-current");
      }
      grid.hidden = newest.length === 0;
      empty.hidden = newest.length > 0;
    },
    destroy() {
      alive = false;
      seen.disconnect();
      for (const item of items.values()) unload(item);
      items.clear();
    },
  };
}
