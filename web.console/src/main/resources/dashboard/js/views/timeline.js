// The Timeline view: built in its own change (issue 14); until then it says so.
import { h } from "../dom.js";

export default {
  id: "timeline",
  title: "Timeline",
  mount(root) {
    root.append(h("h1", {}, "Timeline"), h("p", { class: "muted" }, "This page is not built yet."));
    return () => {};
  },
};
