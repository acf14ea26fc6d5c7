#!/usr/bin/env python3
"""The reference agent (samples/agents/orrery_agent.py) as it is, with each claim timed.

The agent benchmark (org.orrery.bench.AgentBenchmark) starts this instead of the client itself:

    python3 timed_agent.py --client samples/agents/orrery_agent.py --claim-log claims.txt -- <the client's arguments>

It loads the client as a module, wraps its Agent's HTTP call so that every claim
(POST /agents/{id}/claim) and every report that claims too (a complete or fail with "next", or a
batch of reports, POST /agents/{id}/reports, with "next": the agent's next tasks come in its
answer) writes one line `<sent epoch ms> <latency ms> <tasks>`
to the claim log (latency: from just before the request is sent to its decoded answer), and runs
the client's own main() with the arguments after `--`. Nothing else of the client changes.
"""

import argparse
import importlib.util
import os
import sys
import threading
import time


def load_client(path):
    spec = importlib.util.spec_from_file_location("orrery_agent", os.path.abspath(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules["orrery_agent"] = module
    spec.loader.exec_module(module)
    return module


def timed(agent_class, log):
    """A subclass of the client's Agent whose claims (and reports with "next") are written to `log` (a text file,
    line-buffered)."""
    lock = threading.Lock()

    class TimedAgent(agent_class):
        def _call(self, method, path, body=None, timeout=30.0):
            if not path.endswith("/claim") and not (isinstance(body, dict) and "next" in body):
                return super()._call(method, path, body, timeout)
            sent = time.time()
            start = time.perf_counter()
            answer = super()._call(method, path, body, timeout)
            millis = (time.perf_counter() - start) * 1000
            tasks = len((answer or {}).get("tasks", []))
            with lock:
                log.write("%.3f %.3f %d\n" % (sent * 1000, millis, tasks))
            return answer

    return TimedAgent


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    client_args = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description="the reference agent with its claims timed")
    parser.add_argument("--client", required=True, help="the reference client's script")
    parser.add_argument("--claim-log", required=True, help="the file each claim's line goes to")
    args = parser.parse_args(own)
    client = load_client(args.client)
    with open(args.claim_log, "w", buffering=1, encoding="utf-8") as log:
        client.Agent = timed(client.Agent, log)  # main() builds its agent from the module's Agent
        return client.main(client_args)


if __name__ == "__main__":
    sys.exit(main())
