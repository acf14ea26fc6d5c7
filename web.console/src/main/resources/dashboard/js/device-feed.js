// The devices as the REST API lists them (GET /devices), kept fresh without a blind polling loop.
// No event carries device values, so the list is re-read:
// - debounced (≥ 250 ms) after a task event of a device action (an action of a bundle
//   org.orrery.devices.*, or one the page does not know): a slew, an exposure, a filter change;
// - every second while a device is busy (a mount slewing, a camera exposing, a focuser or
//   filter wheel moving), so a slew's position is seen as it goes, and once more when it stops;
// - every 30 s while the browser shows the page, for what changes without a task (a camera's
//   temperature, the weather a safety monitor reports, a device that lost its connection);
// - after the stream reconnects (catch-up).
// 2 000 events/s of other actions cost nothing here; a burst of device events costs one read.

const DEBOUNCE_MS = 300;
const BUSY_MS = 1000;
const SLOW_MS = 30000;

/** True when a device reports that it is moving or exposing now. */
export function busy(device) {
  const v = (device && device.values) || {};
  const exposing = typeof v.exposure_state === "string" && !["idle", "", "error"].includes(v.exposure_state.toLowerCase());
  return v.slewing === true || v.moving === true || v.stage_moving === true || v.focus_moving === true || exposing;
}

/**
 * Calls onDevices(list) with GET /devices now and whenever it may have changed (above);
 * onError(e) when a read fails. `followMoves: false` leaves out the re-reads while a device is
 * busy (for a view that shows no values). Returns the stop function.
 */
export function watchDevices(ctx, onDevices, { onError, followMoves = true } = {}) {
  let alive = true;
  let timer = null;
  let due = 0;
  let reading = false;
  let again = false;
  let moving = false;
  let deviceActions = null; // names of the actions of device bundles; null until GET /actions answered
  let known = new Set();
  let failing = false; // the last read failed: the next failures are not reported again

  function schedule(ms) {
    if (!alive) return;
    const at = Date.now() + ms;
    if (timer && due <= at) return; // an earlier read is already planned
    if (timer) clearTimeout(timer);
    due = at;
    timer = setTimeout(read, ms);
  }

  async function read() {
    timer = null;
    if (!alive) return;
    if (document.visibilityState === "hidden") return; // read again when the page is shown
    if (reading) { again = true; return; }
    reading = true;
    try {
      const list = await ctx.api.get("/devices");
      if (!alive) return;
      failing = false;
      const wasMoving = moving;
      moving = followMoves && list.some(busy);
      onDevices(list);
      if (moving) schedule(BUSY_MS);
      else if (wasMoving) schedule(BUSY_MS); // once more: the values it settled at
      else schedule(SLOW_MS);
    } catch (e) {
      if (alive && onError && !failing) onError(e);
      failing = true;
      schedule(SLOW_MS);
    } finally {
      reading = false;
      if (again && alive) { again = false; schedule(DEBOUNCE_MS); }
    }
  }

  ctx.api.get("/actions").then((actions) => {
    known = new Set(actions.map((a) => a.name));
    deviceActions = new Set(actions.filter((a) => String(a.bundle || "").startsWith("org.orrery.devices")).map((a) => a.name));
  }).catch(() => { /* not known: every action counts as a device action */ });

  /** A device action, or one installed after the list was read (it may drive a device). */
  const isDeviceAction = (action) => !!action && (deviceActions === null || deviceActions.has(action) || !known.has(action));

  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") {
      if (e.reconnect) schedule(0);
    } else if (e.task_id && isDeviceAction(e.action)) {
      schedule(DEBOUNCE_MS);
    }
  });
  const onVisible = () => { if (document.visibilityState === "visible") schedule(0); };
  document.addEventListener("visibilitychange", onVisible);

  read();
  return () => {
    alive = false;
    off();
    document.removeEventListener("visibilitychange", onVisible);
    if (timer) clearTimeout(timer);
  };
}
