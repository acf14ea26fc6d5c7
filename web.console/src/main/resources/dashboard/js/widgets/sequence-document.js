// A sequence document (JSON or YAML) from a file or typed in: validate it (POST
// /sequences/validate) with each problem shown at its line in a line-numbered view and listed
// with its pointer, convert it JSON <-> YAML, create it (and start it).
import { h, fill } from "../dom.js";

/** "json" when the text starts with { or [, else "yaml". */
export function formatOf(text) {
  return /^\s*[{[]/.test(text) ? "json" : "yaml";
}

const TYPES = { json: "application/json", yaml: "application/yaml" };

/** The card in `el`; `created(sequence)` gets each sequence made. */
export function mountDocument(el, ctx, created) {
  const file = h("input", { type: "file", accept: ".json,.yaml,.yml,application/json,application/yaml,text/yaml", "data-testid": "document-file" });
  const text = h("textarea", { rows: 14, spellcheck: "false", "aria-label": "Sequence document", "data-testid": "document-text",
    placeholder: "name: My sequence\nmain:\n  - type: wait\n    id: pause\n    seconds: 5" });
  const format = h("span", { class: "muted", "data-testid": "document-format" });
  const verdict = h("p", { "data-testid": "document-verdict", role: "status" });
  const problems = h("ol", { class: "doc-problems", "data-testid": "document-problems" });
  const lines = h("ol", { class: "doc-lines", "data-testid": "document-lines" });
  const button = (label, testid, fn, operator) => {
    const b = h("button", { type: "button", "data-testid": testid, "data-min-role": operator ? "operator" : null }, label);
    b.addEventListener("click", async () => {
      b.disabled = true;
      try { await fn(); } catch (e) { ctx.toast(ctx.describeError(e), "error"); } finally { b.disabled = false; }
    });
    return b;
  };

  const showFormat = () => fill(format, text.value.trim() ? `read as ${formatOf(text.value).toUpperCase()}` : "");
  text.addEventListener("input", () => { showFormat(); fill(verdict); fill(problems); fill(lines); });
  file.addEventListener("change", async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    text.value = await f.text();
    text.dispatchEvent(new Event("input"));
  });

  const body = () => {
    if (!text.value.trim()) throw new Error("The document is empty: choose a file or type one in.");
    return { body: text.value, contentType: TYPES[formatOf(text.value)] };
  };

  /** The problems at their places: their lines marked in the numbered view, and listed. */
  const show = (valid, list) => {
    fill(verdict, valid ? "✓ The document is valid." : `✗ ${list.length} problem${list.length === 1 ? "" : "s"}:`);
    verdict.className = valid ? "seq-ok" : "error";
    const byLine = new Map();
    for (const p of list) if (p.line > 0) byLine.set(p.line, [...(byLine.get(p.line) || []), p]);
    fill(problems, list.map((p) => h("li", { "data-testid": "document-problem", "data-line": p.line, "data-column": p.column },
      p.line > 0 ? h("span", { class: "doc-at" }, `line ${p.line}, column ${p.column}`) : h("span", { class: "doc-at" }, "document"),
      " ", h("code", {}, p.pointer || "/"), " ", p.message)));
    fill(lines, valid && list.length === 0 ? [] : text.value.split("\n").map((line, i) => {
      const here = byLine.get(i + 1);
      return h("li", { class: here ? "bad" : null, "data-line": i + 1, "data-testid": here ? "document-line-bad" : "document-line" },
        h("span", { class: "doc-no" }, `${here ? "✗" : ""}${i + 1}`), h("code", {}, line || " "),
        here && h("span", { class: "error doc-why" }, here.map((p) => `${p.column ? `col ${p.column}: ` : ""}${p.message}`).join("; ")));
    }));
    verdict.scrollIntoView({ block: valid ? "nearest" : "start" });
  };

  const validate = async () => {
    const { body: b, contentType } = body();
    const answer = await ctx.api.post("/sequences/validate", b, { contentType });
    show(answer.valid, answer.problems || []);
  };

  const convert = async () => {
    const { body: b, contentType } = body();
    const to = formatOf(b) === "json" ? "yaml" : "json";
    const answer = await ctx.api.post("/sequences/convert", b, { contentType, query: { to } });
    text.value = typeof answer === "string" ? answer : JSON.stringify(answer, null, 2);
    text.dispatchEvent(new Event("input"));
    ctx.toast(`Converted to ${to.toUpperCase()}`, "ok");
  };

  const create = (start) => async () => {
    const { body: b, contentType } = body();
    try {
      const sequence = await ctx.api.post("/sequences", b, { contentType, query: { start: start ? "true" : null } });
      fill(verdict); fill(problems); fill(lines);
      ctx.toast(`${sequence.name}: ${sequence.state}`, "ok");
      created(sequence);
    } catch (e) {
      if (e.problems && e.problems.length) show(false, e.problems); else throw e;
    }
  };

  fill(el, h("h2", {}, "Upload a document"),
    h("div", { class: "row" }, h("label", { class: "seq-field-check" }, "File ", file), format),
    text,
    h("div", { class: "row" },
      button("✓ Validate", "document-validate", validate),
      button("⇄ Convert JSON ↔ YAML", "document-convert", convert),
      button("Create", "document-create", create(false), true),
      button("▶ Create and start", "document-create-start", create(true), true)),
    verdict, problems, lines);
}
