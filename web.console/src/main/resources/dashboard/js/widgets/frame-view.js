// One frame: its stretched PNG preview (fetched with the token as an object URL, the previous
// one revoked), its facts (HFR, stars, size, date, exposure, filter, object) and its FITS
// headers as a table (GET /images/<date>/<file>.fits/header).
import { h, fill, fmt } from "../dom.js";

function fact(label, testid, value) {
  return [h("dt", {}, label), h("dd", { "data-testid": testid }, value === null || value === undefined || value === "" ? "—" : String(value))];
}

function cardValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "T" : "F";
  return String(value);
}

/** The frame panel in `el`; returns {show(frame), destroy()}. */
export function frameView(el, api, toast, describeError) {
  const img = h("img", { class: "frame preview", "data-testid": "frame-preview", alt: "" });
  const wrap = h("div", { class: "frame-wrap" }, img);
  const facts = h("dl", { class: "frame-facts", "data-testid": "frame-facts" });
  const headers = h("tbody");
  const headerNote = h("p", { class: "muted", "data-testid": "fits-headers-note" });
  const table = h("div", { class: "table-wrap fits-headers" },
    h("table", { "data-testid": "fits-headers" },
      h("thead", {}, h("tr", {}, h("th", {}, "Key"), h("th", {}, "Value"), h("th", {}, "Comment"))), headers));
  el.append(h("div", { class: "frame-main" }, h("div", { class: "frame-box" }, wrap), facts),
    h("details", { class: "fits", open: true }, h("summary", {}, "FITS headers"), headerNote, table));
  let url = null;
  let shown = null;
  let shownCards = null;
  let alive = true;

  function renderFacts(frame, cards) {
    const card = (key) => { const c = cards && cards.find((x) => x.key === key); return c ? c.value : null; };
    fill(facts,
      fact("HFR", "frame-hfr", frame.hfr !== null ? `${frame.hfr.toFixed(2)} px` : "not measured"),
      fact("Stars", "frame-stars", frame.stars),
      fact("Size", "frame-size", frame.width && frame.height ? `${frame.width} × ${frame.height} px` : null),
      fact("Date", "frame-date", fmt.time(frame.date_obs)),
      fact("Object", "frame-object", frame.object || card("OBJECT")),
      fact("Exposure", "frame-exposure", frame.exposure !== undefined && frame.exposure !== null
        ? `${frame.exposure} s ${frame.frame_type || ""}`.trim() : null),
      fact("Filter", "frame-filter", frame.filter ?? card("FILTER")),
      fact("File", "frame-file", frame.fits.replace(/^\/images\//, "")));
  }

  async function loadPreview(frame) {
    if (!frame.png) { img.removeAttribute("src"); return; }
    try {
      const next = await api.blobUrl(frame.png);
      if (!alive || !shown || shown.key !== frame.key) { URL.revokeObjectURL(next); return; }
      const old = url;
      url = next;
      img.src = next;
      img.alt = `preview of ${frame.fits.replace(/^\/images\//, "")}`;
      if (old) URL.revokeObjectURL(old);
    } catch (e) {
      if (alive && shown && shown.key === frame.key) toast(describeError(e), "error");
    }
  }

  async function loadHeaders(frame) {
    fill(headers);
    fill(headerNote, "Reading the headers…");
    try {
      const { cards } = await api.get(`${frame.fits}/header`);
      if (!alive || !shown || shown.key !== frame.key) return;
      fill(headerNote);
      shownCards = cards;
      fill(headers, cards.map((c) => h("tr", { "data-testid": "fits-card", "data-key": c.key },
        h("th", { scope: "row" }, c.key), h("td", {}, cardValue(c.value)), h("td", { class: "muted" }, c.comment || ""))));
      renderFacts(shown, cards);
    } catch (e) {
      if (alive && shown && shown.key === frame.key) fill(headerNote, describeError(e));
    }
  }

  return {
    /** Shows `frame` (null: none yet); the same frame again changes nothing. */
    show(frame) {
      if (frame && shown && frame.key === shown.key) {
        if (frame.hfr !== shown.hfr) { shown = frame; renderFacts(frame, shownCards); }
        return;
      }
      shown = frame;
      shownCards = null;
      el.hidden = !frame;
      if (!frame) return;
      renderFacts(frame, null);
      loadPreview(frame);
      loadHeaders(frame);
    },
    destroy() {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    },
  };
}
