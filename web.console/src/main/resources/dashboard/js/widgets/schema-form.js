// A form made from a JSON schema of an object's properties (a template's parameters): a text,
// number or check box field per property, a choice for an enum, a JSON text field for arrays and
// objects; defaults filled in, limits and required fields set, descriptions shown. A problem with
// a pointer (/parameters/<name> or /<name>) is shown beside the field it names.
import { h, fill } from "../dom.js";

function kind(schema) {
  if (Array.isArray(schema.enum)) return "enum";
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  return ["string", "number", "integer", "boolean", "array", "object"].includes(t) ? t : "json";
}

function describe(schema, required) {
  const bits = [];
  if (required) bits.push("required");
  if (schema.minimum !== undefined) bits.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) bits.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) bits.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) bits.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) bits.push(`${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} characters`);
  if (schema.description) bits.push(schema.description);
  return bits.join(" · ");
}

function input(name, schema, k) {
  const testid = `param-${name}`;
  const value = schema.default;
  if (k === "enum") {
    return h("select", { name, "data-testid": testid },
      h("option", { value: "" }, "—"),
      schema.enum.map((v) => h("option", { value: JSON.stringify(v), selected: JSON.stringify(v) === JSON.stringify(value) }, String(v))));
  }
  if (k === "boolean") return h("input", { name, type: "checkbox", checked: value === true, "data-testid": testid });
  if (k === "number" || k === "integer") {
    const min = schema.minimum ?? schema.exclusiveMinimum;
    const max = schema.maximum ?? schema.exclusiveMaximum;
    return h("input", { name, type: "number", inputmode: k === "integer" ? "numeric" : "decimal", step: k === "integer" ? 1 : "any",
      min, max, value: value ?? "", "data-testid": testid });
  }
  if (k === "string") {
    return h("input", { name, type: "text", minlength: schema.minLength, maxlength: schema.maxLength, value: value ?? "", "data-testid": testid });
  }
  return h("textarea", { name, rows: 3, spellcheck: "false", placeholder: k === "array" ? "[ … ] as JSON" : "{ … } as JSON",
    value: value === undefined ? "" : JSON.stringify(value), "data-testid": testid });
}

/**
 * The form's fields for `schema` in `container`; returns {values(), showProblems(problems), clear()}.
 * values() throws an Error naming the field whose text is not JSON.
 */
export function schemaFields(container, schema) {
  const props = (schema && schema.properties) || {};
  const required = new Set((schema && schema.required) || []);
  const fields = new Map();
  fill(container, Object.entries(props).map(([name, s]) => {
    const k = kind(s);
    const control = input(name, s, k);
    const problem = h("span", { class: "error seq-field-problem", role: "alert", "data-testid": `problem-${name}` });
    fields.set(name, { control, k, problem, required: required.has(name) });
    return h("label", { class: ["seq-field", k === "boolean" && "seq-field-check"], "data-field": name },
      h("span", { class: "seq-field-name" }, name, required.has(name) ? " *" : ""),
      control,
      h("span", { class: "muted seq-field-hint" }, describe(s, required.has(name))),
      problem);
  }));

  return {
    values() {
      const out = {};
      for (const [name, f] of fields) {
        const raw = f.k === "boolean" ? f.control.checked : f.control.value;
        if (f.k === "boolean") { out[name] = raw; continue; }
        if (raw === "") continue; // absent: the template's default, or none
        if (f.k === "enum") out[name] = JSON.parse(raw);
        else if (f.k === "number" || f.k === "integer") out[name] = Number(raw);
        else if (f.k === "string") out[name] = raw;
        else {
          try {
            out[name] = JSON.parse(raw);
          } catch (e) {
            const error = new Error(`${name}: not JSON (${e.message})`);
            error.field = name;
            throw error;
          }
        }
      }
      return out;
    },
    /** Shows each problem beside its field; returns the problems that name no field. */
    showProblems(problems) {
      this.clear();
      const rest = [];
      const messages = new Map();
      for (const p of problems || []) {
        const [, name, ...inside] = String(p.pointer || "").replace(/^\/parameters/, "").split("/");
        if (!fields.has(name)) { rest.push(p); continue; }
        const where = inside.length ? `/${inside.join("/")}: ` : ""; // an item of an array or object
        messages.set(name, [...(messages.get(name) || []), where + p.message]);
      }
      for (const [name, list] of messages) {
        const f = fields.get(name);
        fill(f.problem, `✗ ${list.join("; ")}`);
        f.control.setAttribute("aria-invalid", "true");
      }
      return rest;
    },
    clear() {
      for (const f of fields.values()) { fill(f.problem); f.control.removeAttribute("aria-invalid"); }
    },
  };
}
