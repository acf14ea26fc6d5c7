// The HFR of every measured frame over the night, as a uPlot chart: one point per frame, in the
// theme's colours (read from its custom properties), drawn again when the theme or the width
// changes.
import uPlot from "../../vendor/uplot/uPlot.esm.js";
import { h } from "../dom.js";

function colours() {
  const css = getComputedStyle(document.documentElement);
  const get = (name) => css.getPropertyValue(name).trim();
  return { fg: get("--fg"), muted: get("--muted"), line: get("--line"), accent: get("--accent"), card: get("--card") };
}

/** A chart in `el`; returns {update(frames), destroy()}. Frames without an HFR are left out. */
export function hfrChart(el) {
  const box = h("div", { class: "chart hfr-chart", "data-testid": "hfr-chart", "data-points": 0 });
  const empty = h("p", { class: "muted", "data-testid": "hfr-chart-empty" }, "No measured light frame tonight yet.");
  el.append(box, empty);
  let plot = null;
  let data = [[], []];

  function options(width) {
    const c = colours();
    const axis = { stroke: c.muted, grid: { stroke: c.line, width: 1 }, ticks: { stroke: c.line, width: 1 } };
    return {
      width, height: 220,
      scales: { x: { time: true } },
      legend: { show: false },
      cursor: { points: { fill: c.accent, stroke: c.accent } },
      series: [{}, {
        label: "HFR (px)", stroke: c.accent, width: 1,
        points: { show: true, size: 8, width: 1, stroke: c.accent, fill: c.card },
      }],
      axes: [axis, { ...axis, label: "HFR (px)", labelSize: 20, size: 50 }],
    };
  }

  function draw() {
    if (plot) { plot.destroy(); plot = null; }
    const visible = data[0].length > 0;
    box.hidden = !visible;
    empty.hidden = visible;
    if (!visible) return;
    const opts = options(Math.max(200, box.clientWidth || el.clientWidth || 300));
    box.dataset.stroke = opts.series[1].stroke; // the colour drawn with, for a test to see the theme followed
    plot = new uPlot(opts, data, box);
  }

  const themeWatch = new MutationObserver(draw);
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    const width = el.clientWidth;
    if (plot && width && Math.abs(width - lastWidth) > 1) {
      lastWidth = width;
      plot.setSize({ width: Math.max(200, box.clientWidth), height: 220 });
    }
  });
  resize.observe(el);

  return {
    update(frames) {
      const measured = frames.filter((f) => f.hfr !== null && f.time).sort((a, b) => a.time - b.time);
      data = [measured.map((f) => f.time / 1000), measured.map((f) => f.hfr)];
      box.dataset.points = String(measured.length);
      if (plot && box.isConnected && !box.hidden) plot.setData(data);
      else draw();
    },
    destroy() {
      themeWatch.disconnect();
      resize.disconnect();
      if (plot) plot.destroy();
    },
  };
}
