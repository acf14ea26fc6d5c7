// The agents as the REST API lists them (GET /agents), kept live by the event stream without
// polling:
// - agent_registered, agent_state: the agent as the event carries it (`agent`: as GET /agents/{id}
//   shows it; without it, the event's state and running count); with `details`, or when the event
//   has no agent and it is new, the agent is read again (GET /agents/{id}), since its metrics may
//   change just after the event that ended a task;
// - agent_removed: it is gone;
// - with `details`, a task event of a task an agent runs (or has just finished) reads that agent
//   again, so its running tasks and metrics follow;
// - after the stream reconnects, the whole list is read again (catch-up);
// - with `details`, every 15 s while the page is shown: a remote agent's heartbeats renew its
//   leases without an event, so its last heartbeat is read this way.
// Reads of one agent are spaced by at least 300 ms however many events come, one at a time; the
// listener is called at most once per animation frame.

const SPACING_MS = 300;
const HEARTBEATS_MS = 15000;
const READING = "reading";
const STATES = ["online", "busy", "draining", "offline"];

/** The agent's JSON (seed 004's `agent_id`, `agent_type`, …) with its fields as the pages use them. */
export function agentOf(json) {
  const m = json.metrics || {};
  const completed = Number(m.completed || 0);
  const ended = completed + Number(m.failed || 0) + Number(m.cancelled || 0);
  const running = Array.isArray(json.running_tasks) ? json.running_tasks : [];
  return {
    id: json.agent_id,
    type: json.agent_type || "",
    capabilities: [...(json.capabilities || [])].sort(),
    concurrency: Number(json.concurrency || 0),
    state: String(json.state || "unknown").toLowerCase(),
    remote: json.remote === true,
    bundle: json.bundle || "",
    registered_at: json.registered_at || "",
    last_heartbeat: json.last_heartbeat || "",
    running_tasks: running,
    running: Number(m.running ?? json.running ?? running.length),
    metrics: {
      completed,
      failed: Number(m.failed || 0),
      cancelled: Number(m.cancelled || 0),
      success_rate: ended ? m.success_rate ?? completed / ended : null, // none before the first task ends
      average_seconds: ended ? m.average_execution_seconds ?? null : null,
      last_task_at: m.last_task_at || "",
    },
  };
}

/** Counts of agents by state: {online, busy, draining, offline}. */
export function countByState(agents) {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const a of agents) counts[a.state] = (counts[a.state] || 0) + 1;
  return counts;
}
export { STATES as AGENT_STATES };

/**
 * Calls onAgents(list by id) with GET /agents now and at every change (above); onError(e) when a
 * read fails (`e.status` 503/404: the server has no agents). Returns the stop function.
 */
export function watchAgents(ctx, onAgents, { onError, details = true } = {}) {
  const agents = new Map(); // id → agent
  const due = new Map(); // id → timer of its next read, or READING while it is read
  const again = new Set(); // ids to read once more when their read under way ends
  const removed = new Set(); // ids removed (a read under way must not bring them back)
  const lastRead = new Map(); // id → when it was last read
  let alive = true;
  let loaded = false;
  let frame = 0;
  let generation = 0;

  function changed() {
    if (alive && loaded && !frame) frame = requestAnimationFrame(() => {
      frame = 0;
      if (alive) onAgents([...agents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    });
  }

  async function load() {
    const gen = ++generation;
    try {
      const list = await ctx.api.get("/agents");
      if (!alive || gen !== generation) return;
      agents.clear();
      for (const json of list || []) {
        const a = agentOf(json);
        agents.set(a.id, a);
      }
      loaded = true;
      changed();
    } catch (e) {
      if (alive && onError) onError(e);
    }
  }

  /** Reads one agent, at most every SPACING_MS (a read asked for meanwhile comes after it). */
  function readLater(id) {
    if (!alive) return;
    if (due.has(id)) {
      if (due.get(id) === READING) again.add(id);
      return;
    }
    const wait = Math.max(0, (lastRead.get(id) || 0) + SPACING_MS - Date.now());
    due.set(id, setTimeout(() => readOne(id), wait));
  }

  async function readOne(id) {
    due.set(id, READING);
    lastRead.set(id, Date.now());
    const gen = generation;
    try {
      const a = agentOf(await ctx.api.get(`/agents/${encodeURIComponent(id)}`));
      if (alive && gen === generation && !removed.has(id)) { agents.set(a.id, a); changed(); }
    } catch (e) {
      if (alive && gen === generation && e.status === 404) { agents.delete(id); changed(); }
    } finally {
      due.delete(id);
      if (again.delete(id)) readLater(id);
    }
  }

  const off = ctx.events.on((e) => {
    if (e.type === "stream_open") {
      if (e.reconnect) load();
      return;
    }
    if (e.type === "agent_registered" || e.type === "agent_state") {
      const id = e.agent_id;
      removed.delete(id);
      const known = agents.get(id);
      const a = e.agent ? agentOf(e.agent) : known || agentOf({ agent_id: id });
      if (e.state) a.state = String(e.state).toLowerCase();
      if (e.running !== undefined && e.running !== null) a.running = Number(e.running);
      agents.set(id, a);
      changed();
      if (details || (!e.agent && !known)) readLater(id);
    } else if (e.type === "agent_removed") {
      agents.delete(e.agent_id);
      removed.add(e.agent_id);
      again.delete(e.agent_id);
      const timer = due.get(e.agent_id);
      if (timer && timer !== READING) { clearTimeout(timer); due.delete(e.agent_id); }
      changed();
    } else if (details && e.task_id && String(e.type).startsWith("task_") && e.type !== "task_progress") {
      for (const a of agents.values()) if (a.running_tasks.includes(e.task_id)) readLater(a.id);
    }
  });

  const heartbeats = details ? setInterval(() => { if (document.visibilityState === "visible") load(); }, HEARTBEATS_MS) : 0;
  load();
  return {
    /** The agent as last read or told, or undefined. */
    get: (id) => agents.get(id),
    stop() {
      alive = false;
      off();
      clearInterval(heartbeats);
      if (frame) cancelAnimationFrame(frame);
      for (const timer of due.values()) if (timer !== READING) clearTimeout(timer);
    },
  };
}
