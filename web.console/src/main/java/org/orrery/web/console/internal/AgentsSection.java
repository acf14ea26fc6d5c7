package org.orrery.web.console.internal;

import static org.orrery.web.console.internal.ConsoleHtml.endTable;
import static org.orrery.web.console.internal.ConsoleHtml.heading;
import static org.orrery.web.console.internal.ConsoleHtml.listTable;
import static org.orrery.web.console.internal.ConsoleHtml.paragraph;
import static org.orrery.web.console.internal.ConsoleHtml.row;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.orrery.agent.AgentInfo;
import org.orrery.agent.Agents;

/**
 * The agents on the Orrery status page: id, type, local or remote, state, capabilities,
 * running / concurrency and last heartbeat, by id. The {@link Agents} service is optional:
 * without it (or when it fails) the section says so in words.
 */
final class AgentsSection {

    private AgentsSection() {
    }

    static void render(PrintWriter out, Agents agents) {
        heading(out, "Agents");
        if (agents == null) {
            paragraph(out, "Agents are not available (bundle org.orrery.core.scheduler stopped or not installed).");
            return;
        }
        List<AgentInfo> list;
        try {
            list = agents.list().stream().sorted(Comparator.comparing(AgentInfo::id)).toList();
        } catch (RuntimeException e) {
            paragraph(out, "The agents cannot be listed now: " + e.getMessage());
            return;
        }
        if (list.isEmpty()) {
            paragraph(out, "No agent is registered.");
            return;
        }
        listTable(out, "Id", "Type", "Where", "State", "Capabilities", "Running", "Last heartbeat");
        for (AgentInfo a : list) {
            row(out, a.id(), a.type(), a.remote() ? "remote" : "local" + (a.bundle() == null ? "" : " (" + a.bundle() + ")"),
                    a.state() == null ? "unknown" : a.state().id(), String.join(", ", new TreeSet<>(a.capabilities())),
                    a.runningTasks().size() + " of " + a.concurrency(), a.lastHeartbeat());
        }
        endTable(out);
    }
}
