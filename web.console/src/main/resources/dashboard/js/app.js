// The dashboard's shell: sign-in, the views and their navigation, the theme, dialogs and toasts.
import { h, fill, clear } from "./dom.js";
import { api, ApiError } from "./api.js";
import { session } from "./session.js";
import { events } from "./events.js";
import live from "./views/live.js";
import sequences from "./views/sequences.js";
import tasks from "./views/tasks.js";
import devices from "./views/devices.js";
import agents from "./views/agents.js";
import images from "./views/images.js";
import timeline from "./views/timeline.js";

const VIEWS = [live, sequences, tasks, devices, agents, images, timeline];
const main = document.getElementById("main");
const nav = document.getElementById("nav");
let unmount = null;

// ---- theme: day, dark, red (night) ----
const themeSelect = document.getElementById("theme");
function setTheme(theme) {
  const t = ["day", "dark", "red"].includes(theme) ? theme : "day";
  document.documentElement.dataset.theme = t;
  themeSelect.value = t;
  localStorage.setItem("orrery.theme", t);
}
themeSelect.addEventListener("change", () => setTheme(themeSelect.value));
setTheme(localStorage.getItem("orrery.theme") || "day");

// ---- toasts and the confirmation dialog ----
function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: ["toast", `t-${kind}`], role: kind === "error" ? "alert" : "status", "data-testid": "toast" },
    kind === "error" ? "✗ " : kind === "ok" ? "✓ " : "ℹ ", text);
  box.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 10000 : 4000);
}

/** A modal question; resolves true only when the person confirms. */
function confirm(text, { confirmLabel = "Yes", cancelLabel = "Cancel" } = {}) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "confirm", "data-testid": "confirm-dialog" });
    const done = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    fill(dialog,
      h("p", {}, text),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-testid": "confirm-no", onclick: () => done(false) }, cancelLabel),
        h("button", { type: "button", class: "danger", "data-testid": "confirm-yes", onclick: () => done(true) }, confirmLabel)));
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A message for a failed call: the problem's detail and, for a validation, its first problems. */
function describeError(e) {
  if (e instanceof ApiError) {
    const first = e.problems.slice(0, 3).map((p) => `${p.pointer || ""} ${p.message || ""}`.trim());
    return [`${e.status} ${e.title}`, e.detail, ...first].filter(Boolean).join(": ");
  }
  return String(e && e.message ? e.message : e);
}

const ctx = { api, events, session, toast, confirm, describeError, go: (hash) => { window.location.hash = hash; } };
// for code outside the views (and the browser tests): the same dialog and toasts
export { toast, confirm };

/** Hides what the signed-in role may not use (the server refuses it anyway). */
function applyRoles(root) {
  for (const el of root.querySelectorAll("[data-min-role]")) {
    el.hidden = !session.may(el.dataset.minRole);
  }
}
ctx.applyRoles = applyRoles;
new MutationObserver(() => applyRoles(document.body)).observe(document.body, { childList: true, subtree: true });

// ---- sign-in ----
function showSignIn(message) {
  events.stop();
  nav.hidden = true;
  document.getElementById("sign-out").hidden = true;
  document.getElementById("stream-state").hidden = true;
  fill(document.getElementById("who"));
  if (unmount) { unmount(); unmount = null; }
  const user = h("input", { name: "user", autocomplete: "username", required: true, "data-testid": "signin-user" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, "data-testid": "signin-password" });
  const error = h("p", { class: "error", role: "alert", "data-testid": "signin-error" }, message || "");
  const form = h("form", { class: "signin card", "data-testid": "signin" },
    h("h1", {}, "Sign in to Orrery"),
    h("label", {}, "User", user),
    h("label", {}, "Password", password),
    error,
    h("button", { type: "submit", class: "primary", "data-testid": "signin-submit" }, "Sign in"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    fill(error);
    try {
      await session.signIn(user.value.trim(), password.value);
    } catch (err) {
      fill(error, err instanceof ApiError && err.status === 401 ? "Wrong user name or password." : describeError(err));
      password.value = "";
      password.focus();
    }
  });
  fill(main, form);
  user.focus();
}

// ---- views ----
function route() {
  const s = session.current();
  if (!s) {
    showSignIn();
    return;
  }
  const [, id = "live", ...args] = (window.location.hash || "#/live").split("/");
  const view = VIEWS.find((v) => v.id === id) || VIEWS[0];
  for (const link of nav.querySelectorAll("a")) {
    link.classList.toggle("current", link.dataset.view === view.id);
    if (link.dataset.view === view.id) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  if (unmount) { unmount(); unmount = null; }
  const root = h("section", { class: ["view", `view-${view.id}`], "data-testid": `view-${view.id}` });
  fill(main, root);
  document.title = `${view.title} · Orrery`;
  unmount = view.mount(root, { ...ctx, args: args.map(decodeURIComponent) }) || null;
  applyRoles(root);
}

function showApp(s) {
  fill(nav, VIEWS.map((v) => h("a", { class: "nav", href: `#/${v.id}`, "data-view": v.id, "data-testid": `nav-${v.id}` }, v.title)));
  nav.hidden = false;
  fill(document.getElementById("who"), `${s.user} (${s.role})`);
  document.getElementById("sign-out").hidden = false;
  document.getElementById("stream-state").hidden = false;
  events.start();
  route();
}

document.getElementById("sign-out").addEventListener("click", () => session.signOut());
session.onChange((s) => (s ? showApp(s) : showSignIn()));
window.addEventListener("hashchange", () => session.current() && route());

const streamState = document.getElementById("stream-state");
events.onState((state) => {
  streamState.dataset.state = state;
  fill(streamState, state === "open" ? "● live" : state === "connecting" ? "◌ connecting" : "○ offline");
});

const current = session.current();
if (current) showApp(current); else showSignIn();
clear(document.querySelector("noscript") || h("span"));
