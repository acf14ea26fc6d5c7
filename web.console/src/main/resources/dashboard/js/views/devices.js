// The Devices view: built in its own change (issue 14); until then it says so.
import { h } from "../dom.js";

export default {
  id: "devices",
  title: "Devices",
  mount(root) {
    root.append(h("h1", {}, "Devices"), h("p", { class: "muted" }, "This page is not built yet."));
    return () => {};
  },
};
