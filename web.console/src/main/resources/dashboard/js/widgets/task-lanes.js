// Tasks as bars on lanes (one per device or resource) over a time window, drawn as SVG. The
// colours are the theme's custom properties, read with getComputedStyle at each drawing; the
// outcome is told by colour AND pattern AND a mark: completed solid, failed hatched with ✗,
// cancelled hollow and dashed with ⊗, running striped up to now with ▶.
import { h, fill } from "../dom.js";

const NS = "http://www.w3.org/2000/svg";
const LANE = 30;
const AXIS = 26;
const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720];

/** An SVG element; strings become text nodes. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The lane of a task: its first resource, else its action's device (the part before the first dot). */
export function laneOf(task) {
  if (task.resources && task.resources.length) return task.resources[0].name;
  const action = String(task.action || "?");
  return action.includes(".") ? action.slice(0, action.indexOf(".")) : action;
}

function theme() {
  const style = getComputedStyle(document.documentElement);
  const v = (name) => style.getPropertyValue(name).trim();
  return { fg: v("--fg"), muted: v("--muted"), line: v("--line"), card: v("--card"), ok: v("--ok"), bad: v("--bad"), run: v("--run"), bg: v("--bg") };
}

const pad = (n) => String(n).padStart(2, "0");
const clock = (ms) => { const d = new Date(ms); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };

/**
 * Draws tasks (with started_at) into `box` for the window [from, to] (ms since the epoch).
 * onPick(task) is called when a bar is clicked.
 */
export function drawLanes(box, tasks, from, to, onPick) {
  const c = theme();
  const width = Math.max(300, box.clientWidth || 800);
  const labelWidth = width < 500 ? 76 : 130;
  const plot = width - labelWidth - 8;
  const x = (ms) => labelWidth + ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * plot;
  const now = Date.now();
  const bars = [];
  const lanes = new Map();
  for (const t of tasks) {
    if (!t.started_at) continue;
    const start = Date.parse(t.started_at);
    const end = t.completed_at ? Date.parse(t.completed_at) : t.status === "running" ? now : null;
    if (end === null || end < from || start > to) continue;
    const lane = laneOf(t);
    if (!lanes.has(lane)) lanes.set(lane, lanes.size);
    bars.push({ t, start, end, lane });
  }
  const names = [...lanes.keys()].sort();
  names.forEach((name, i) => lanes.set(name, i));
  const height = AXIS + Math.max(1, names.length) * LANE + 4;

  const defs = s("defs", {},
    s("pattern", { id: "tl-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("rect", { width: 6, height: 6, fill: c.card }), s("rect", { width: 3, height: 6, fill: c.bad })),
    s("pattern", { id: "tl-stripe", width: 8, height: 8, patternUnits: "userSpaceOnUse" },
      s("rect", { width: 8, height: 8, fill: c.run }), s("rect", { width: 8, height: 3, fill: c.card })));

  const step = STEPS_MIN.find((m) => (to - from) / (m * 60000) <= plot / 70) || 720;
  const ticks = [];
  const stepMs = step * 60000;
  const offset = new Date(from).getTimezoneOffset() * 60000;
  for (let t = Math.ceil((from - offset) / stepMs) * stepMs + offset; t <= to; t += stepMs) {
    ticks.push(s("line", { x1: x(t), x2: x(t), y1: AXIS - 6, y2: height, stroke: c.line }),
      // a label near the right edge ends at its tick, so it is not cut off
      s("text", { x: x(t), y: AXIS - 10, fill: c.muted, "text-anchor": x(t) + 20 > labelWidth + plot ? "end" : "middle",
        "font-size": 12 }, clock(t)));
  }

  const laneRows = names.map((name, i) => {
    const y = AXIS + i * LANE;
    return s("g", { "data-testid": "timeline-lane", "data-lane": name },
      s("line", { x1: 0, x2: width, y1: y + LANE, y2: y + LANE, stroke: c.line }),
      s("text", { x: 4, y: y + LANE / 2 + 5, fill: c.fg, "font-size": 13 }, name.length > 16 ? `${name.slice(0, 15)}…` : name));
  });

  const rects = bars.map(({ t, start, end, lane }) => {
    const y = AXIS + lanes.get(lane) * LANE + 5;
    const x1 = x(start);
    const w = Math.max(3, x(end) - x1);
    const look = t.status === "failed" ? { fill: "url(#tl-hatch)", stroke: c.bad, mark: "✗" }
      : t.status === "cancelled" ? { fill: c.card, stroke: c.muted, dash: "4 3", mark: "⊗" }
        : t.status === "completed" ? { fill: c.ok, stroke: c.ok, mark: "" }
          : { fill: "url(#tl-stripe)", stroke: c.run, mark: "▶" };
    const title = `${t.name || t.id} · ${t.status} · ${clock(start)}–${t.completed_at ? clock(end) : "now"} · ${t.action}`;
    return s("g", { class: "bar", "data-testid": "timeline-bar", "data-task-id": t.id, "data-status": t.status, "data-lane": lane,
      onclick: () => onPick(t) },
      s("title", {}, title),
      s("rect", { x: x1, y, width: w, height: LANE - 10, rx: 2, fill: look.fill, stroke: look.stroke, "stroke-width": 1.5,
        "stroke-dasharray": look.dash }),
      look.mark ? s("text", { x: x1 + w + 2, y: y + LANE - 14, fill: look.stroke, "font-size": 12 }, look.mark) : null);
  });

  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "data-testid": "timeline-chart",
    "aria-label": `${bars.length} tasks on ${names.length} lanes from ${clock(from)} to ${clock(to)}` },
  defs, ticks, laneRows, rects,
  now >= from && now <= to ? s("line", { x1: x(now), x2: x(now), y1: AXIS - 6, y2: height, stroke: c.fg, "stroke-dasharray": "2 3" }) : null,
  names.length ? null : s("text", { x: labelWidth, y: AXIS + 20, fill: c.muted, "font-size": 14 }, "No task ran in this window."));
  fill(box, svg);
  return { bars: bars.length, lanes: names.length };
}

/** The legend: each outcome by its mark and its words, not by colour alone. */
export function legend() {
  return h("p", { class: "timeline-legend muted small", "data-testid": "timeline-legend" },
    "▬ completed (solid) · ✗ failed (hatched) · ⊗ cancelled (hollow, dashed) · ▶ running (striped, to now) · ┆ now");
}
