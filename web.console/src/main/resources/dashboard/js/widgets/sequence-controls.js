// The operator's buttons for one sequence, as its state allows: start, pause (after the steps
// running now, or at once), resume, stop, skip to end, halt, delete. Stop, skip to end, halt and
// delete ask first.
import { h } from "../dom.js";
import { isTerminal } from "./sequence-model.js";

const ACTIONS = [
  { id: "start", label: "▶ Start", when: ["created"] },
  { id: "pause", label: "❚❚ Pause after current steps", when: ["running"], query: { mode: "deferred" } },
  { id: "pause-now", path: "pause", label: "❚❚ Pause now", when: ["running", "pausing"], query: { mode: "immediate" } },
  { id: "resume", label: "▶ Resume", when: ["paused", "pausing"] },
  { id: "stop", label: "■ Stop", when: ["running", "pausing", "paused"], danger: true,
    ask: "Stop this sequence? Its end steps still run." },
  { id: "skip-to-end", label: "↷ Skip to end", when: ["running", "pausing", "paused"], danger: true,
    ask: "Skip to the end steps of this sequence? What runs in its main steps now is stopped." },
  { id: "halt", label: "⊘ Halt", when: ["running", "pausing", "paused"], danger: true,
    ask: "Halt this sequence at once? Nothing more runs, not even its end steps." },
];

/**
 * The buttons for `sequence`; `changed(sequence or null)` gets the answer of the call (null
 * once it is deleted).
 */
export function sequenceControls(sequence, ctx, changed) {
  const id = encodeURIComponent(sequence.id);
  const run = async (button, action) => {
    if (action.ask && !(await ctx.confirm(action.ask, { confirmLabel: action.label.replace(/^\S+\s/, "") }))) return;
    button.disabled = true;
    try {
      const answer = await ctx.api.post(`/sequences/${id}/${action.path || action.id}`, undefined, { query: action.query });
      ctx.toast(`${sequence.name}: ${answer.state}`, "ok");
      changed(answer);
    } catch (e) {
      ctx.toast(ctx.describeError(e), "error");
    } finally {
      button.disabled = false;
    }
  };
  const buttons = ACTIONS.filter((a) => a.when.includes(sequence.state)).map((action) => {
    const button = h("button", { type: "button", class: action.danger ? "danger" : null, "data-min-role": "operator",
      "data-testid": `sequence-${action.id}` }, action.label);
    button.addEventListener("click", () => run(button, action));
    return button;
  });
  if (isTerminal(sequence.state) || sequence.state === "created") {
    const button = h("button", { type: "button", class: "danger", "data-min-role": "operator", "data-testid": "sequence-delete" }, "✗ Delete");
    button.addEventListener("click", async () => {
      if (!(await ctx.confirm(`Delete the sequence "${sequence.name}" and its record?`, { confirmLabel: "Delete" }))) return;
      try {
        await ctx.api.del(`/sequences/${id}`);
        ctx.toast(`${sequence.name}: deleted`, "ok");
        changed(null);
      } catch (e) {
        ctx.toast(ctx.describeError(e), "error");
      }
    });
    buttons.push(button);
  }
  return h("div", { class: "row seq-controls", "data-testid": "sequence-controls" }, buttons);
}
