// The running sequences on the Live page: built by the sequences change (issue 14).
import { h } from "../dom.js";

/** Shows the running sequences in `el`; returns the unmount function. */
export function mountRunningSequences(el, ctx) {
  el.append(h("p", { class: "muted" }, "Running sequences are not shown yet."));
  return () => {};
}
