// The event stream (/api/v1/ws) for the whole page: one WebSocket, opened with a single-use
// ticket (a browser cannot set an Authorization header on a WebSocket), reopened with backoff
// when it drops. After a reconnect every listener gets {type: "stream_open", reconnect: true}
// and re-reads what it shows: events missed while the stream was down are caught up that way.
import { api } from "./api.js";
import { session } from "./session.js";

const listeners = new Set();
const stateListeners = new Set();
let socket = null;
let wanted = false;
let delay = 500;
let timer = null;
let opened = false;

function setState(state) {
  events.state = state;
  stateListeners.forEach((fn) => fn(state));
}

function dispatch(event) {
  for (const fn of [...listeners]) {
    try {
      fn(event);
    } catch (e) {
      console.error("event listener failed", e);
    }
  }
}

async function connect() {
  timer = null;
  if (!wanted || !session.current()) return;
  setState("connecting");
  let ticket;
  try {
    ticket = (await api.post("/ws/ticket")).ticket;
  } catch (e) {
    retry();
    return;
  }
  if (!wanted) return;
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${window.location.host}/api/v1/ws?ticket=${encodeURIComponent(ticket)}`);
  socket = ws;
  ws.onopen = () => {
    delay = 500;
    setState("open");
    dispatch({ type: "stream_open", reconnect: opened });
    opened = true;
  };
  ws.onmessage = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    dispatch(event);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    setState("closed");
    dispatch({ type: "stream_closed" });
    retry();
  };
}

function retry() {
  if (!wanted || timer) return;
  setState("closed");
  const wait = delay * (0.75 + Math.random() * 0.5);
  delay = Math.min(delay * 2, 15000);
  timer = setTimeout(connect, wait);
}

export const events = {
  state: "closed",

  /** fn(event) for every event; returns the unsubscribe function. */
  on(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },

  /** fn(state) on every change of the connection's state (connecting, open, closed). */
  onState(fn) {
    stateListeners.add(fn);
    return () => stateListeners.delete(fn);
  },

  start() {
    if (wanted) return;
    wanted = true;
    delay = 500;
    connect();
  },

  stop() {
    wanted = false;
    opened = false;
    if (timer) clearTimeout(timer);
    timer = null;
    const ws = socket;
    socket = null;
    if (ws) ws.close(1000, "signed out");
    setState("closed");
  },
};
