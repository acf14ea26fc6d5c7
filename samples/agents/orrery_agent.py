#!/usr/bin/env python3
"""Orrery's reference remote agent: Python 3 standard library only.

A remote agent registers with Orrery (POST /api/v1/agents), long-polls for tasks that match its
capabilities (POST /agents/{id}/claim), runs each in a worker thread (one per slot of its
concurrency), renews each task's lease with heartbeats at a third of the lease time from a thread
of their own (carrying the handler's progress), and ends each task with complete (the handler's result) or fail (the
handler's exception). SIGINT or SIGTERM stops claiming and drains: the running tasks finish, then
the agent exits; a second signal asks the running tasks to stop. An agent an admin removes
(DELETE /api/v1/agents/{id}) exits the same way; one that Orrery forgot while they were out of
touch (a restart) registers again.

From the command line (the token is an agent token: an admin creates a user with the role agent
named like the agent, then a token for it):

    ORRERY_URL=http://localhost:8080 ORRERY_TOKEN=orrery_... \\
        python3 orrery_agent.py --id gpu-1 --concurrency 2

As a library:

    import orrery_agent

    agent = orrery_agent.Agent("http://localhost:8080", token, "gpu-1", agent_type="gpu")

    @agent.handler("render")
    def render(ctx):
        for i in range(10):
            if ctx.sleep(1):          # True when the task was cancelled meanwhile
                raise orrery_agent.TaskFailed("cancelled", retryable=False)
            ctx.progress((i + 1) / 10, "frame %d" % (i + 1))
        return {"frames": 10}

    agent.run()
"""

import argparse
import http.client
import json
import logging
import os
import queue
import signal
import socket
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone

__all__ = ["Agent", "TaskContext", "TaskFailed", "OrreryError", "main"]

LOG = logging.getLogger("orrery_agent")

#: The most log lines a task sends with its report (the first and the last are kept).
MAX_LOG_LINES = 200


class OrreryError(Exception):
    """An answer of Orrery that is not a success: its HTTP status and the problem's detail."""

    def __init__(self, status, detail):
        super().__init__("HTTP %d: %s" % (status, detail))
        self.status = status
        self.detail = detail


class TaskFailed(Exception):
    """Raised by a handler to fail its task with a message, saying whether another attempt may succeed."""

    def __init__(self, message, retryable=True, error_type=None):
        super().__init__(message)
        self.retryable = retryable
        self.error_type = error_type


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Connection:
    """One keep-alive HTTP connection to Orrery's API, used by one thread at a time."""

    def __init__(self, base_url, token):
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("the URL must look like http://host:8080, found %r" % base_url)
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port
        path = parsed.path.rstrip("/")
        self._prefix = path if path.endswith("/api/v1") else path + "/api/v1"
        # Prefer: a complete or fail answers {id, status} (and "tasks") instead of the whole task record, which this
        # client never reads; other requests, and an Orrery older than that, ignore it (RFC 7240)
        self._headers = {"Authorization": "Bearer " + token, "Accept": "application/json", "Prefer": "return=minimal"}
        self._conn = None

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method, path, body=None, timeout=30.0):
        """Sends one request; returns the decoded JSON answer (None when empty) or raises OrreryError.

        A keep-alive connection the server closed meanwhile is opened again once.
        """
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = dict(self._headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self._conn is None:
                cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
                self._conn = cls(self._host, self._port, timeout=timeout)
            self._conn.timeout = timeout
            if self._conn.sock is not None:
                self._conn.sock.settimeout(timeout)
            try:
                self._conn.request(method, self._prefix + path, body=data, headers=headers)
                response = self._conn.getresponse()
                raw = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                self.close()
                if attempt == 2:
                    raise
                continue
            except Exception:
                self.close()
                raise
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            answer = json.loads(raw.decode("utf-8")) if raw else None
            if response.status >= 400:
                detail = answer.get("detail") if isinstance(answer, dict) else raw.decode("utf-8", "replace")
                raise OrreryError(response.status, detail)
            return answer
        return None


class TaskContext:
    """What a handler gets: the task, a way to report progress and to log, and whether to stop."""

    def __init__(self, task, lease_id):
        self.task = task
        self.lease_id = lease_id
        self.task_id = task["id"]
        self.task_type = task.get("task_type") or task.get("action")
        self.parameters = task.get("parameters") or {}
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._progress = None
        self._message = None
        self._logs = []
        self._dropped = 0
        self._lost = False  # the lease is no longer ours: no report
        self._next_beat = 0.0

    @property
    def cancelled(self):
        """True once Orrery said the task was cancelled (or the agent is stopping): the handler should stop."""
        return self._cancelled.is_set()

    def sleep(self, seconds):
        """Waits, unless the task is cancelled meanwhile; returns True when it was."""
        return self._cancelled.wait(seconds)

    def progress(self, fraction, message=None):
        """Progress from 0 to 1 (and a message), sent with the next heartbeat."""
        with self._lock:
            self._progress = max(0.0, min(1.0, float(fraction)))
            self._message = message

    def log(self, level, message):
        """A line for the task's execution record: level info, warn or error."""
        with self._lock:
            line = {"time": _now(), "level": level, "message": str(message)}
            if len(self._logs) < MAX_LOG_LINES:
                self._logs.append(line)
            else:  # keep the first half and the latest lines
                self._logs[MAX_LOG_LINES // 2:] = self._logs[MAX_LOG_LINES // 2 + 1:] + [line]
                self._dropped += 1

    def _cancel(self):
        self._cancelled.set()

    def _heartbeat_fields(self):
        with self._lock:
            return self._progress, self._message

    def _report_logs(self):
        with self._lock:
            logs = list(self._logs)
            if self._dropped:
                logs.insert(MAX_LOG_LINES // 2, {"time": _now(), "level": "warn",
                                                 "message": "%d lines left out" % self._dropped})
                logs = logs[:MAX_LOG_LINES]
            return logs


def _noop(ctx):
    return {}


def _sleep(ctx):
    seconds = float(ctx.parameters.get("seconds", 1))
    steps = max(1, int(seconds * 4))
    for step in range(steps):
        if ctx.sleep(seconds / steps):
            raise TaskFailed("cancelled after %.2f of %.2f s" % (seconds * step / steps, seconds), retryable=False,
                             error_type="Cancelled")
        ctx.progress((step + 1) / steps, "slept %.2f of %.2f s" % (seconds * (step + 1) / steps, seconds))
    return {"slept_seconds": seconds}


def _echo(ctx):
    ctx.log("info", "echoing %d parameters" % len(ctx.parameters))
    return dict(ctx.parameters)


#: The demo handlers, by task type.
BUILT_IN = {"noop": _noop, "sleep": _sleep, "echo": _echo}


class Agent:
    """A remote agent: register handlers per task type, then run() until stopped."""

    def __init__(self, url, token, agent_id, agent_type="python", concurrency=1, lease_seconds=None,
                 wait_seconds=20, capabilities=None, ask_next=True):
        if not token:
            raise ValueError("an agent token is required (ORRERY_TOKEN or --token)")
        self.url = url
        self.token = token
        self.agent_id = agent_id
        self.agent_type = agent_type
        self.concurrency = int(concurrency)
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self.extra_capabilities = list(capabilities or [])
        self._handlers = {}
        self._pool = queue.LifoQueue()  # idle keep-alive connections
        self._stopping = threading.Event()
        self._running = {}  # task id -> TaskContext, guarded by _slots
        self._slots = threading.Condition()  # an RLock inside: stop() may run in a signal handler while held
        self._claiming = False
        self._next_refused = not ask_next  # no "next" in reports (an older Orrery refused it, or asked so)
        self._tasks = queue.Queue()  # claimed tasks for the workers; None stops a worker
        self._finished = queue.Queue()  # (task, outcome) the workers ran, for the reporter
        self._batch_refused = False  # an older Orrery without POST /agents/{id}/reports: one report per request
        self._lease_time = 30.0
        self.completed = 0
        self.failed = 0

    # ---------------------------------------------------------------- handlers

    def handler(self, task_type, fn=None, retryable=True):
        """Registers fn(ctx) -> dict for a task type (usable as a decorator); its exceptions fail the task,
        retryable unless the exception (TaskFailed) or this registration says otherwise."""
        def register(f):
            self._handlers[task_type] = (f, retryable)
            return f
        return register(fn) if fn is not None else register

    def capabilities(self):
        return sorted(set(self._handlers) | set(self.extra_capabilities))

    # ---------------------------------------------------------------- HTTP

    def _call(self, method, path, body=None, timeout=30.0):
        """One request on a keep-alive connection of the pool (worker threads come and go; connections stay)."""
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = _Connection(self.url, self.token)
        try:
            answer = conn.request(method, path, body, timeout)
        except OrreryError:
            self._pool.put(conn)  # an HTTP answer: the connection is fine
            raise
        except BaseException:
            conn.close()
            raise
        self._pool.put(conn)
        return answer

    def register(self):
        body = {"agent_id": self.agent_id, "agent_type": self.agent_type, "capabilities": self.capabilities(),
                "concurrency": self.concurrency}
        if self.lease_seconds is not None:
            body["lease_seconds"] = int(self.lease_seconds)
        answer = self._call("POST", "/agents", body)
        self._lease_time = float(answer.get("lease_seconds") or 30)
        LOG.info("registered as %s (%s) with %s, concurrency %d, leases of %.0f s", self.agent_id, self.agent_type,
                 ", ".join(self.capabilities()), self.concurrency, self._lease_time)
        return answer

    # ---------------------------------------------------------------- the loop

    def stop(self):
        """Stops claiming; run() returns once the running tasks have ended. A second call asks the running
        tasks to stop (their handlers see ctx.cancelled). Safe from a signal handler."""
        if self._stopping.is_set():
            with self._slots:
                for ctx in self._running.values():
                    ctx._cancel()
            return
        self._stopping.set()
        if self._claiming:
            # end the outstanding long poll now: a newer claim replaces it (what that one gets is run too;
            # Orrery never gives an agent more than its concurrency)
            threading.Thread(target=self._replace_claim, name="orrery-agent-stop", daemon=True).start()

    def _replace_claim(self):
        try:
            self._claim_and_start(1, 0)
        except Exception as e:  # noqa: BLE001 - best effort at shutdown
            LOG.debug("the claim that ends the long poll failed: %s", e)

    def run(self):
        """Registers, then claims and runs tasks until stop(); drains the running ones before returning."""
        while not self._stopping.is_set():  # Orrery may still be starting: wait for it, not for a refusal
            try:
                self.register()
                break
            except (OSError, http.client.HTTPException) as e:
                LOG.warning("cannot reach Orrery to register (%s); trying again in 2 s", e)
                self._stopping.wait(2)
        self._start_threads()
        backoff = 1.0
        lost_contact = False
        while not self._stopping.is_set():
            with self._slots:
                while len(self._running) >= self.concurrency and not self._stopping.is_set():
                    self._slots.wait(1.0)
                free = self.concurrency - len(self._running)
            if self._stopping.is_set():
                break
            try:
                self._claiming = True
                began = time.monotonic()
                if self._claim_and_start(free, self.wait_seconds) == 0 and time.monotonic() - began < self.wait_seconds / 2:
                    self._stopping.wait(1.0)  # answered empty at once (the agent is draining): no busy loop
                backoff = 1.0
            except OrreryError as e:
                if e.status == 404 and lost_contact:  # Orrery restarted and forgot us: register again
                    LOG.warning("Orrery does not know this agent since it came back: registering again")
                    self._retry(self.register)
                    lost_contact = False
                elif e.status == 404:  # an admin removed this agent (DELETE /agents/{id})
                    LOG.info("this agent was removed from Orrery: stopping")
                    self._stopping.set()
                elif e.status in (401, 403):
                    LOG.error("Orrery refused this agent: %s", e.detail)
                    raise
                else:
                    LOG.warning("claim refused: %s; trying again in %.0f s", e, backoff)
                    self._stopping.wait(backoff)
                    backoff = min(backoff * 2, 30)
            except (OSError, http.client.HTTPException, ValueError) as e:
                lost_contact = True
                LOG.warning("claim failed: %s; trying again in %.0f s", e, backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, 30)
            finally:
                self._claiming = False
        self._drain()

    def _retry(self, call):
        while not self._stopping.is_set():
            try:
                return call()
            except (OSError, http.client.HTTPException, OrreryError) as e:
                LOG.warning("%s; trying again in 2 s", e)
                self._stopping.wait(2)
        return None

    def _claim_and_start(self, free, wait):
        """Claims up to `free` tasks and hands them to the workers; returns how many."""
        answer = self._call("POST", "/agents/%s/claim" % self.agent_id, {"max": free, "wait_seconds": wait},
                            timeout=wait + 30)
        return self._start(answer.get("tasks", []))

    def _start(self, leases, ended=None):
        """Hands the leased tasks (a claim's or a report's "tasks") to the workers, in the same step as the slots of
        the tasks that `ended` (one, or a list) are given up (so the claiming loop never sees it free meanwhile); returns how many."""
        started = []
        for lease in leases:
            ctx = TaskContext(lease["task"], lease["lease_id"])
            ctx._next_beat = time.monotonic() + self._beat_interval()
            started.append(ctx)
        with self._slots:
            for done in ([] if ended is None else ended if isinstance(ended, list) else [ended]):
                self._running.pop(done.task_id, None)
            for ctx in started:
                self._running[ctx.task_id] = ctx
            self._slots.notify_all()
        for ctx in started:
            self._tasks.put(ctx)
        return len(started)

    def _next(self, count=1):
        """What a report asks for besides: the next task at once when every slot is busy (so no claim of ours is
        waiting, which a report's claim would replace); nothing while stopping or while a claim is outstanding."""
        with self._slots:
            busy = len(self._running) >= self.concurrency
        wanted = busy and not self._claiming and not self._stopping.is_set() and not self._next_refused
        return {"max": count} if wanted else None

    def _start_threads(self):
        for slot in range(self.concurrency):
            threading.Thread(target=self._worker, name="orrery-worker-%d" % (slot + 1), daemon=True).start()
        threading.Thread(target=self._heartbeats, name="orrery-heartbeats", daemon=True).start()
        threading.Thread(target=self._reporter, name="orrery-reporter", daemon=True).start()

    def _drain(self):
        with self._slots:
            if self._running:
                LOG.info("stopping: waiting for %d running task(s)", len(self._running))
            while self._running:
                self._slots.wait(1.0)
        for _ in range(self.concurrency):
            self._tasks.put(None)
        LOG.info("stopped: %d completed, %d failed", self.completed, self.failed)

    # ---------------------------------------------------------------- one task

    def _beat_interval(self):
        return max(0.5, self._lease_time / 3.0)

    def _worker(self):
        """One slot: runs the tasks handed to it, one at a time, and reports each."""
        while True:
            ctx = self._tasks.get()
            if ctx is None:
                return
            reported = False
            try:
                outcome = {}
                self._execute(ctx, outcome)
                if ctx._lost:
                    LOG.warning("task %s: the lease was lost; dropping it", ctx.task_id)
                else:
                    self._finished.put((ctx, outcome))  # the reporter reports it, with others that finished meanwhile
                    reported = True
            finally:
                if not reported:
                    self._start([], ended=ctx)

    def _heartbeats(self):
        """Renews the lease of every running task at a third of the lease time."""
        while True:
            now = time.monotonic()
            with self._slots:
                due = [c for c in self._running.values() if c._next_beat <= now and not c._lost]
            for ctx in due:
                ctx._next_beat = now + self._beat_interval()
                if not self._heartbeat(ctx):
                    ctx._lost = True
                    ctx._cancel()
            time.sleep(min(0.25, self._beat_interval() / 4))

    def _execute(self, ctx, outcome):
        entry = self._handlers.get(ctx.task_type)
        cpu = time.thread_time()
        try:
            if entry is None:
                raise TaskFailed("agent %s has no handler for the task type %r (it has %s)" % (
                    self.agent_id, ctx.task_type, ", ".join(sorted(self._handlers)) or "none"), retryable=False,
                    error_type="UnknownTaskType")
            fn, retryable = entry
            outcome["retryable"] = retryable
            result = fn(ctx)
            if result is not None and not isinstance(result, dict):
                result = {"value": result}
            outcome["result"] = result or {}
        except Exception as e:  # noqa: BLE001 - a handler's failure fails its task
            outcome["error"] = e
            ctx.log("error", "%s: %s" % (type(e).__name__, e))
        finally:
            outcome["cpu_seconds"] = max(0.0, time.thread_time() - cpu)

    def _heartbeat(self, ctx):
        """Renews the lease; False when it is lost (the task is no longer ours)."""
        progress, message = ctx._heartbeat_fields()
        body = {"lease_id": ctx.lease_id}
        if progress is not None:
            body["progress"] = progress
        if message is not None:
            body["message"] = message
        try:
            answer = self._call("POST", "/agents/%s/tasks/%s/heartbeat" % (self.agent_id, ctx.task_id), body,
                                timeout=max(2.0, self._lease_time / 2))
        except OrreryError as e:
            if e.status in (404, 409):
                LOG.warning("task %s: heartbeat refused: %s", ctx.task_id, e.detail)
                return False
            LOG.warning("task %s: heartbeat failed: %s", ctx.task_id, e)
            return True
        except (OSError, http.client.HTTPException) as e:
            LOG.warning("task %s: heartbeat failed: %s", ctx.task_id, e)
            return True
        if answer.get("cancelled") and not ctx.cancelled:
            LOG.info("task %s was cancelled: stopping it", ctx.task_id)
            ctx._cancel()
        return True

    def _send_report(self, path, body, nxt):
        """Sends a report, with "next" when asked; an Orrery too old for "next" (400 naming it) gets it again without,
        and no more reports ask for it."""
        if not nxt:
            return self._call("POST", path, body)
        try:
            return self._call("POST", path, dict(body, next=nxt))
        except OrreryError as e:
            if e.status != 400 or "'next'" not in str(e.detail):
                raise
            LOG.info("Orrery does not take \"next\" in reports (an older version): claiming apart")
            self._next_refused = True
            return self._call("POST", path, body)

    def _report_body(self, ctx, outcome):
        """The complete's or fail's body for a finished task: ("complete" or "fail", body)."""
        usage = {"cpu_seconds": round(outcome.get("cpu_seconds", 0.0), 6)}
        peak = _peak_memory_bytes()
        if peak is not None:
            usage["peak_memory_bytes"] = peak
        error = outcome.get("error")
        if error is None and not ctx.cancelled:
            return "complete", {"lease_id": ctx.lease_id, "result": outcome.get("result", {}), "usage": usage,
                                "logs": ctx._report_logs()}
        if error is None:
            error = TaskFailed("stopped: the task was cancelled", retryable=False, error_type="Cancelled")
        retryable = getattr(error, "retryable", outcome.get("retryable", True))
        if ctx.cancelled and self._stopping.is_set() and not isinstance(error, TaskFailed):
            retryable = True
        err = {"type": getattr(error, "error_type", None) or type(error).__name__, "message": str(error),
               "retryable": bool(retryable)}
        return "fail", {"lease_id": ctx.lease_id, "error": err, "usage": usage, "logs": ctx._report_logs()}

    def _counted(self, ctx, verb, body):
        if verb == "complete":
            self.completed += 1
            LOG.info("task %s (%s) completed", ctx.task_id, ctx.task_type)
        else:
            self.failed += 1
            LOG.info("task %s (%s) failed: %s", ctx.task_id, ctx.task_type, body["error"]["message"])

    def _report(self, ctx, outcome):
        """Completes or fails the task alone; returns the leases of the next tasks the report asked for (see _next)."""
        verb, body = self._report_body(ctx, outcome)
        try:
            answer = self._send_report("/agents/%s/tasks/%s/%s" % (self.agent_id, ctx.task_id, verb), body, self._next())
            self._counted(ctx, verb, body)
            return (answer or {}).get("tasks", [])
        except OrreryError as e:
            LOG.warning("task %s: the report was refused: %s", ctx.task_id, e.detail)
        except (OSError, http.client.HTTPException) as e:
            LOG.warning("task %s: the report failed: %s (the lease will expire and the task run again)", ctx.task_id, e)
        return []

    def _reporter(self):
        """Reports the finished tasks: all those that finished while the previous report was under way go in one
        request (POST /agents/{id}/reports), with "next" for as many; an Orrery without that route gets them one by
        one from then on."""
        while True:
            done = [self._finished.get()]
            while len(done) < 1000:
                try:
                    done.append(self._finished.get_nowait())
                except queue.Empty:
                    break
            if self._batch_refused:
                for ctx, outcome in done:
                    leases = []
                    try:
                        leases = self._report(ctx, outcome)
                    except Exception as e:  # noqa: BLE001 - as below
                        LOG.warning("task %s: the report failed: %s", ctx.task_id, e)
                    finally:
                        self._start(leases, ended=ctx)
                continue
            leases = []
            try:
                leases = self._report_batch(done)
            except Exception as e:  # noqa: BLE001 - the reporter must live on (the leases expire, the tasks run again)
                LOG.warning("%d report(s) failed: %s", len(done), e)
            finally:
                self._start(leases, ended=[ctx for ctx, _ in done])

    def _report_batch(self, done):
        """Sends one batch of reports; returns the next tasks' leases."""
        items, verbs = [], []
        for ctx, outcome in done:
            verb, body = self._report_body(ctx, outcome)
            verbs.append((ctx, verb, body))
            items.append(dict(body, task_id=ctx.task_id))
        body = {"reports": items}
        nxt = self._next(len(done))
        if nxt:
            body["next"] = nxt
        try:
            answer = self._call("POST", "/agents/%s/reports" % self.agent_id, body) or {}
        except OrreryError as e:
            if e.status == 404 and "no such route" in str(e.detail):
                LOG.info("Orrery does not take several reports at once (an older version): reporting one by one")
                self._batch_refused = True
                return [lease for ctx, outcome in done for lease in self._report(ctx, outcome)]
            LOG.warning("%d report(s) refused: %s", len(done), e.detail)
            return []
        except (OSError, http.client.HTTPException) as e:
            LOG.warning("%d report(s) failed: %s (the leases will expire and the tasks run again)", len(done), e)
            return []
        for (ctx, verb, body), outcome in zip(verbs, answer.get("reports", [])):
            if "refused" in outcome:
                LOG.warning("task %s: the report was refused: %s", ctx.task_id, outcome["refused"].get("detail"))
            else:
                self._counted(ctx, verb, body)
        return answer.get("tasks", [])


def _peak_memory_bytes():
    """The process's peak resident memory (Unix), or None."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Orrery's reference remote agent (demo handlers: noop, sleep, echo)")
    parser.add_argument("--url", default=os.environ.get("ORRERY_URL", "http://localhost:8080"),
                        help="Orrery's base URL (env ORRERY_URL; default http://localhost:8080)")
    parser.add_argument("--token", default=os.environ.get("ORRERY_TOKEN"),
                        help="the agent's API token (env ORRERY_TOKEN)")
    parser.add_argument("--id", default=os.environ.get("ORRERY_AGENT_ID", socket.gethostname().split(".")[0]),
                        help="the agent's id, the name of its token's user (env ORRERY_AGENT_ID; default the host name)")
    parser.add_argument("--type", default="python", help="the agent's type (default python)")
    parser.add_argument("--concurrency", type=int, default=1, help="tasks run at once (default 1)")
    parser.add_argument("--lease-seconds", type=int, default=None, help="lease time, 5 to 3600 (default Orrery's, 30)")
    parser.add_argument("--wait-seconds", type=float, default=20, help="how long one claim waits for work (default 20)")
    parser.add_argument("--handlers", default="noop,sleep,echo",
                        help="the demo handlers to offer, comma-separated (default noop,sleep,echo)")
    parser.add_argument("--capability", action="append", default=[], help="another capability to offer (may repeat)")
    parser.add_argument("--no-next", action="store_true", default=os.environ.get("ORRERY_AGENT_NEXT") == "0",
                        help="never ask for the next task with a report; claim apart (env ORRERY_AGENT_NEXT=0)")
    parser.add_argument("--log-level", default="info", help="debug, info, warning (default info)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    agent = Agent(args.url, args.token, args.id, agent_type=args.type, concurrency=args.concurrency,
                  lease_seconds=args.lease_seconds, wait_seconds=args.wait_seconds, capabilities=args.capability,
                  ask_next=not args.no_next)
    for name in filter(None, (n.strip() for n in args.handlers.split(","))):
        if name not in BUILT_IN:
            parser.error("unknown handler %r; the demo handlers are %s" % (name, ", ".join(sorted(BUILT_IN))))
        agent.handler(name, BUILT_IN[name])
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, frame: agent.stop())
    try:
        agent.run()
    except OrreryError as e:
        LOG.error("%s", e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
