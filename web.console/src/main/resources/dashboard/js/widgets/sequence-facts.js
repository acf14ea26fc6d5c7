// What a sequence is doing, in a few lines: its progress bar (steps done of all), the steps
// running now, the current target, frames done/planned per filter, time elapsed and left.
// Shared by the Live page's cards and a sequence's own page.
import { h, fmt, progressBar } from "../dom.js";
import * as model from "./sequence-model.js";

/** The facts of `sequence` (GET /sequences/{id}); `taskProgress` maps task ids to their last progress (0..1). */
export function sequenceFacts(sequence, taskProgress) {
  const p = sequence.progress || {};
  const fraction = model.fractionDone(sequence, taskProgress);
  const current = model.currentSteps(sequence);
  const target = model.currentTarget(sequence);
  const frames = model.framesPerFilter(model.targets(sequence));
  const elapsed = model.elapsedSeconds(sequence);
  const remaining = model.remainingSeconds(sequence);
  return h("div", { class: "seq-facts" },
    h("div", { class: "seq-progress", "data-testid": "sequence-progress" },
      progressBar(fraction, `${p.steps_done ?? 0} / ${p.steps_total ?? 0} steps · ${Math.round(fraction * 100)} %`)),
    h("dl", { class: "seq-dl" },
      h("dt", {}, "Now"),
      h("dd", { "data-testid": "sequence-current-step" },
        current.length ? current.map((s, i) => {
          const left = model.waitLeft(sequence, s);
          const waits = s.result && s.result.waiting_until; // a targets container waiting for one to become viable
          const message = left !== null ? `${fmt.duration(left)} left` : waits ? `waits until ${fmt.time(waits)}` : model.stepMessage(s, taskProgress);
          return [i ? ", " : "", `${s.name || s.id} (${s.type})`, message && h("span", { class: "muted" }, ` · ${message}`)];
        }) : model.isTerminal(sequence.state) ? "—" : "between steps"),
      target && [h("dt", {}, "Target"), h("dd", { "data-testid": "sequence-current-target" },
        target.name, target.object && target.object !== target.name ? ` (${target.object})` : "", target.phase ? ` · ${target.phase}` : "")],
      frames.length > 0 && [h("dt", {}, "Frames"), h("dd", { "data-testid": "sequence-frames" },
        h("ul", { class: "seq-frames" }, frames.map((f) => h("li", { "data-filter": f.filter },
          h("span", { class: "seq-filter" }, f.filter), ` ${f.done} / ${f.planned}`))))],
      h("dt", {}, "Elapsed"),
      h("dd", { "data-testid": "sequence-elapsed", "data-started": sequence.finished_at ? null : sequence.started_at },
        elapsed === null ? "not started" : fmt.duration(elapsed)),
      remaining !== null && [h("dt", {}, "Left"), h("dd", { "data-testid": "sequence-remaining" }, `≈ ${fmt.duration(remaining)}`)],
      sequence.error && [h("dt", {}, "Error"), h("dd", { class: "error", "data-testid": "sequence-error" }, sequence.error)]));
}

/** Moves every "elapsed" of a running sequence in `root` on by the clock (call once a second). */
export function tickElapsed(root) {
  for (const el of root.querySelectorAll("[data-started]")) {
    const started = new Date(el.dataset.started).getTime();
    if (!isNaN(started)) el.textContent = fmt.duration((Date.now() - started) / 1000);
  }
}
