// The Devices view: every device (GET /devices) with its connection state and values, kept fresh
// by the device feed (re-read after task events of device actions, every second while a device
// moves or exposes; see device-feed.js). One card per device, built once and updated in place.
import { h, fill, statusBadge, fmt } from "../dom.js";
import { watchDevices, busy } from "../device-feed.js";

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** 5.5877 h → "05h 35m 15.7s" */
function ra(hours) {
  const total = ((Number(hours) % 24) + 24) % 24 * 3600;
  const tenths = Math.round(total * 10);
  const h_ = Math.floor(tenths / 36000) % 24;
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${pad(h_)}h ${pad(m)}m ${s.toFixed(1).padStart(4, "0")}s`;
}

/** −5.391° → "−05° 23′ 28″" */
function dms(degrees) {
  const sign = Number(degrees) < 0 ? "−" : "+";
  const total = Math.round(Math.abs(Number(degrees)) * 3600);
  return `${sign}${pad(Math.floor(total / 3600))}° ${pad(Math.floor((total % 3600) / 60))}′ ${pad(total % 60)}″`;
}

const number = (digits, unit = "") => (v) => `${Number(v).toFixed(digits)}${unit}`;
const yesNo = (yes, no) => (v) => (v ? yes : no);
const text = (v) => (v === "" || v === null || v === undefined ? "—" : String(v));
const words = (v) => text(v).replace(/_/g, " ");
const azimuth = (v) => `${(((Number(v) % 360) + 360) % 360).toFixed(2)}°`;

/** The values shown first, by device type: [key, label, format]; shown only when the device reports them. */
const FIELDS = {
  mount: [
    ["ra_hours", "RA", ra], ["dec_degrees", "Dec", dms],
    ["altitude_degrees", "Altitude", number(2, "°")], ["azimuth_degrees", "Azimuth", azimuth],
    ["tracking", "Tracking", yesNo("● tracking", "○ not tracking")], ["parked", "Park", yesNo("⌂ parked", "unparked")],
    ["slewing", "Motion", yesNo("⟳ slewing", "still")], ["pier_side", "Pier side", words],
  ],
  camera: [
    ["exposure_state", "Exposure", words], ["temperature_celsius", "Temperature", number(1, " °C")],
    ["cooler_set_point_celsius", "Cooler set point", number(1, " °C")], ["cooler_power_percent", "Cooler power", number(0, " %")],
    ["cooler_on", "Cooler", yesNo("● on", "○ off")],
  ],
  focuser: [
    ["position", "Position", text], ["target_position", "Target", text], ["moving", "Motion", yesNo("⟳ moving", "still")],
    ["temperature_celsius", "Temperature", number(1, " °C")],
  ],
  filter_wheel: [
    ["filter", "Filter", text], ["slot", "Slot", text], ["moving", "Motion", yesNo("⟳ moving", "still")],
  ],
  safety_monitor: [
    ["reason", "Reason", text], ["cloud_cover_percent", "Clouds", number(0, " %")],
    ["rain_rate_mm_per_hour", "Rain", number(1, " mm/h")], ["wind_speed_meters_per_second", "Wind", number(1, " m/s")],
    ["humidity_percent", "Humidity", number(0, " %")], ["temperature_celsius", "Temperature", number(1, " °C")],
    ["last_report", "Last report", (v) => fmt.time(v)],
  ],
};
/** Values not listed again under "Other values". */
const HIDDEN = new Set(["connection", "connection_state"]);

function otherText(value) {
  if (Array.isArray(value)) return value.join(", ");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return text(value);
}

/** What a device is doing now, in words, or "" when idle. */
function activity(d) {
  const v = d.values || {};
  if (v.slewing === true) return "⟳ slewing";
  if (typeof v.exposure_state === "string" && busy({ values: { exposure_state: v.exposure_state } })) return `⟳ ${words(v.exposure_state)}`;
  return busy(d) ? "⟳ moving" : "";
}

/**
 * The rows of a device's card: [{key, label, value, text}], the type's fields, then the rest
 * (folded away for a known type; all shown for another).
 */
function rowsOf(d) {
  const values = d.values || {};
  const fields = FIELDS[d.type];
  const shown = new Set();
  const rows = [];
  for (const [key, label, format] of fields || []) {
    if (!(key in values) || values[key] === null) continue;
    shown.add(key);
    rows.push({ key, label, value: values[key], text: format(values[key]) });
  }
  const others = Object.keys(values).filter((k) => !shown.has(k) && !HIDDEN.has(k))
    .map((key) => ({ key, label: key.replace(/_/g, " "), value: values[key], text: otherText(values[key]) }));
  return fields ? { rows, others } : { rows: others, others: [] };
}

export default {
  id: "devices",
  title: "Devices",
  mount(root, ctx) {
    const stamp = h("p", { class: "muted", "data-testid": "devices-updated" }, "Reading the devices…");
    const grid = h("div", { class: "grid devices", "data-testid": "devices" });
    root.append(h("h1", {}, "Devices"), stamp, grid);
    const cards = new Map(); // id → {card, signature, cells: Map(key → dd)}
    let order = "";

    function draw(devices) {
      fill(stamp, `Values as of ${fmt.time(new Date().toISOString())}; they follow the devices' tasks and moves.`);
      if (devices.length === 0) {
        cards.clear();
        order = "";
        fill(grid, h("p", { class: "muted", "data-testid": "devices-none" }, "No device is configured."));
        return;
      }
      const ids = new Set(devices.map((d) => d.id));
      for (const [id, c] of cards) if (!ids.has(id)) { c.card.remove(); cards.delete(id); }
      for (const d of devices) drawCard(d);
      const nextOrder = devices.map((d) => d.id).join("\n");
      if (nextOrder !== order || grid.children.length !== devices.length) {
        order = nextOrder;
        fill(grid, devices.map((d) => cards.get(d.id).card));
      }
    }

    function drawCard(d) {
      const { rows, others } = rowsOf(d);
      const signature = [d.type, d.name, d.driver, ...rows.map((r) => r.key), "|", ...others.map((r) => r.key)].join(",");
      let c = cards.get(d.id);
      if (!c || c.signature !== signature) {
        const card = c ? c.card : h("article", { class: "card device", "data-testid": `device-${d.id}`, "data-device-id": d.id });
        const cells = new Map();
        const dl = (list) => h("dl", { class: "values" }, list.map((r) => {
          const dd = h("dd", { "data-testid": `dv-${d.id}-${r.key}` });
          cells.set(r.key, dd);
          return [h("dt", {}, r.label), dd];
        }));
        const header = h("header", { class: "row" }, h("h2", {}, d.name || d.id), h("span", { class: "spacer" }),
          h("span", { "data-testid": `device-${d.id}-connection` }));
        const safety = d.type === "safety_monitor" ? h("p", { class: "safety", "data-testid": `device-${d.id}-safe` }) : null;
        fill(card, header,
          h("p", { class: "muted meta" }, `${d.id} · ${String(d.type || "device").replace("_", " ")} · ${d.driver || ""}`),
          h("p", { class: "status-message", "data-testid": `device-${d.id}-message` }),
          h("p", { class: "activity", "data-testid": `device-${d.id}-activity` }),
          safety, dl(rows),
          others.length ? h("details", { class: "others" }, h("summary", {}, `Other values (${others.length})`), dl(others)) : null);
        c = { card, signature, cells, header, safety };
        cards.set(d.id, c);
      }
      setText(c.card.querySelector(`[data-testid="device-${d.id}-connection"]`), null, statusBadge(d.connection || "unknown"), d.connection);
      setText(c.card.querySelector(".status-message"), d.status_message || "");
      setText(c.card.querySelector(".activity"), activity(d));
      if (c.safety) {
        const safe = (d.values || {}).safe === true;
        c.safety.dataset.safe = String(safe);
        setText(c.safety, null, h("span", { class: ["badge", safe ? "safe" : "unsafe"] }, safe ? "✓ safe" : "✗ unsafe"),
          safe ? "safe" : `unsafe:${(d.values || {}).reason || ""}`);
      }
      for (const r of [...rows, ...others]) {
        const dd = c.cells.get(r.key);
        dd.dataset.value = typeof r.value === "object" ? JSON.stringify(r.value) : String(r.value);
        setText(dd, r.text);
      }
    }

    const stop = watchDevices(ctx, draw, { onError: (e) => ctx.toast(ctx.describeError(e), "error") });
    return stop;
  },
};

/** Sets an element's text (or, with a node, its one child, when `key` changed); nothing when it is already so. */
function setText(el, value, node, key) {
  if (node) {
    if (el.dataset.key === String(key)) return;
    el.dataset.key = String(key);
    fill(el, node);
    return;
  }
  if (el.tagName === "P") el.hidden = value === "";
  if (el.textContent !== value) el.textContent = value;
}
