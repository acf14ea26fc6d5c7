// A sequence's tree: its three areas and every step in them, each with its type, name, state
// (icon and text), attempts, iteration and error; the steps running now are marked.
import { h, fmt, statusBadge } from "../dom.js";
import { currentSteps } from "./sequence-model.js";

export function sequenceTree(sequence) {
  const now = new Set(currentSteps(sequence).map((s) => s.path));
  const item = (step) => {
    const current = now.has(step.path);
    return h("li", { class: ["seq-step", current && "current"], "data-testid": "sequence-step", "data-step-id": step.id,
      "data-path": step.path, "data-state": step.state },
      h("div", { class: "seq-step-line" },
        current && h("span", { class: "seq-now", "data-testid": "sequence-step-now" }, "▶ now"),
        statusBadge(step.state),
        h("span", { class: "seq-type" }, step.type),
        h("span", { class: "seq-name" }, step.name || step.id),
        step.attempts > 1 && h("span", { class: "muted" }, `attempts ${step.attempts}`),
        step.iteration > 0 && h("span", { class: "muted" }, `iteration ${step.iteration}`),
        step.started_at && h("span", { class: "muted hide-narrow" },
          step.finished_at ? fmt.duration((new Date(step.finished_at) - new Date(step.started_at)) / 1000) : `since ${fmt.time(step.started_at)}`)),
      step.error && h("div", { class: [step.state === "skipped" ? "muted" : "error", "seq-step-error"], "data-testid": "sequence-step-error" }, step.error),
      (step.children || []).length > 0 && h("ul", { class: "seq-tree" }, step.children.map(item)));
  };
  return h("ul", { class: "seq-tree seq-root", "data-testid": "sequence-tree" }, (sequence.areas || []).map(item));
}
