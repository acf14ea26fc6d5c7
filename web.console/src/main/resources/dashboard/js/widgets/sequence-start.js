// Starting a sequence from a template: choose one of GET /templates, fill in the form made from
// its parameters' schema, POST /templates/{name}/sequences?start=true. A 400's problems are shown
// beside the fields they name.
import { h, fill } from "../dom.js";
import { schemaFields } from "./schema-form.js";

/** The card in `el`; `started(sequence)` gets each sequence made. */
export function mountTemplateStart(el, ctx, started) {
  const choice = h("select", { name: "template", "data-testid": "template-choice" });
  const description = h("p", { class: "muted", "data-testid": "template-description" });
  const fieldsBox = h("div", { class: "fields" });
  const general = h("p", { class: "error", role: "alert", "data-testid": "template-problems" });
  const startNow = h("input", { type: "checkbox", checked: true, "data-testid": "template-start-now" });
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "template-submit" }, "Create and start");
  const form = h("form", { class: "seq-form", novalidate: true, "data-testid": "template-form" },
    h("label", { class: "seq-field" }, h("span", { class: "seq-field-name" }, "Template"), choice),
    description, fieldsBox,
    h("label", { class: "seq-field-check" }, startNow, " start at once"),
    general, submit);
  fill(el, h("h2", {}, "Start from a template"), form);
  el.dataset.minRole = "operator";

  let templates = [];
  let fields = null;
  const show = () => {
    const t = templates.find((x) => x.name === choice.value);
    fill(general);
    fill(description, t ? t.description || "" : "");
    fields = t ? schemaFields(fieldsBox, t.parameters) : null;
  };
  choice.addEventListener("change", show);
  startNow.addEventListener("change", () => fill(submit, startNow.checked ? "Create and start" : "Create"));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!fields) return;
    fill(general);
    fields.clear();
    let values;
    try {
      values = fields.values();
    } catch (err) {
      fields.showProblems([{ pointer: `/${err.field}`, message: err.message }]);
      return;
    }
    submit.disabled = true;
    try {
      const sequence = await ctx.api.post(`/templates/${encodeURIComponent(choice.value)}/sequences`, values,
        { query: { start: startNow.checked ? "true" : null } });
      ctx.toast(`${sequence.name}: ${sequence.state}`, "ok");
      started(sequence);
    } catch (err) {
      const rest = err.problems && err.problems.length ? fields.showProblems(err.problems) : [];
      if (!err.problems || !err.problems.length) fill(general, ctx.describeError(err));
      else if (rest.length) fill(general, rest.map((p) => `${p.pointer}: ${p.message}`).join("; "));
    } finally {
      submit.disabled = false;
    }
  });

  ctx.api.get("/templates").then((list) => {
    templates = list || [];
    fill(choice, templates.map((t) => h("option", { value: t.name }, t.name)));
    show();
  }).catch((err) => fill(general, ctx.describeError(err)));
}
