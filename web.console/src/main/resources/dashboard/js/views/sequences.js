// The Sequences view: built in its own change (issue 14); until then it says so.
import { h } from "../dom.js";

export default {
  id: "sequences",
  title: "Sequences",
  mount(root) {
    root.append(h("h1", {}, "Sequences"), h("p", { class: "muted" }, "This page is not built yet."));
    return () => {};
  },
};
