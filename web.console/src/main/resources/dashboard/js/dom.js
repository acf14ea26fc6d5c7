// Building the page: every piece of data becomes a text node, never HTML (a task named
// "<img src=x onerror=alert(1)>" shows as those characters).

/**
 * h("button", {class: "primary", "data-testid": "start", onclick: fn}, "Start", child...)
 * Strings and numbers are text; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (key === "style" && typeof value === "object") {
      Object.assign(el.style, value); // CSSOM: allowed by the page's CSP, unlike a style attribute
    } else if (key === "value" && "value" in el) {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the children of el by children. */
export function fill(el, ...children) {
  return append(clear(el), children);
}

const pad = (n) => String(n).padStart(2, "0");

export const fmt = {
  /** "2026-12-05 21:04:05" in the browser's time zone; "" for none. */
  time(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  },
  /** "1 h 02 min", "3 min 05 s", "12 s". */
  duration(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) return "";
    const s = Math.max(0, Math.round(seconds));
    if (s >= 3600) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
    if (s >= 60) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
    return `${s} s`;
  },
  /** "5 s ago", "3 min ago". */
  ago(iso) {
    if (!iso) return "";
    const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
    return isNaN(seconds) ? "" : `${fmt.duration(seconds)} ago`;
  },
  number(n) {
    return n === null || n === undefined ? "" : Number(n).toLocaleString();
  },
};

/** A status as text with an icon character, so it is not told by colour alone. */
const STATUS_ICONS = {
  pending: "◷", created: "◷", pausing: "❚❚", scheduled: "◷", waiting: "◷", queued: "◷", blocked: "⊘", running: "▶", paused: "❚❚",
  completed: "✓", succeeded: "✓", failed: "✗", cancelled: "⊗", skipped: "↷", stopped: "■", halted: "■",
  retrying: "↻", connected: "●", disconnected: "○", connecting: "◌", error: "✗",
  online: "●", busy: "▶", draining: "⇣", offline: "○", // agents
};

export function statusBadge(status) {
  const s = String(status || "unknown").toLowerCase();
  return h("span", { class: ["badge", `s-${s.replace(/[^a-z_]/g, "")}`], "data-status": s },
    `${STATUS_ICONS[s] || "•"} ${s}`);
}

/** A progress bar (0..1), with its percentage as text. */
export function progressBar(fraction, label) {
  const f = Math.max(0, Math.min(1, Number(fraction) || 0));
  const bar = h("span", { class: "bar" });
  bar.style.width = `${(f * 100).toFixed(1)}%`;
  return h("span", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
    "aria-valuenow": Math.round(f * 100), "data-testid": "progress", "data-value": f.toFixed(4) },
    bar, h("span", { class: "label" }, label ?? `${Math.round(f * 100)} %`));
}
