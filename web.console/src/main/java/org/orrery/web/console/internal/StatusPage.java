package org.orrery.web.console.internal;

import static org.orrery.web.console.internal.ConsoleHtml.endTable;
import static org.orrery.web.console.internal.ConsoleHtml.heading;
import static org.orrery.web.console.internal.ConsoleHtml.keyValueTable;
import static org.orrery.web.console.internal.ConsoleHtml.listTable;
import static org.orrery.web.console.internal.ConsoleHtml.paragraph;
import static org.orrery.web.console.internal.ConsoleHtml.row;
import static org.orrery.web.console.internal.ConsoleHtml.text;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.orrery.device.Device;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceState;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskException;
import org.orrery.task.TaskStatus;

/**
 * The Orrery status page inside the Web Console, in the console's own look (a status line,
 * {@code nicetable} tables): the scheduler's state and counts, the running sequences, the
 * devices and their connection, the agents ({@link AgentsSection}), the task store and its database, and a link to the dashboard.
 * A missing or failing service is said in words; every value is written as text. Rendering
 * only reads; the page's one form pauses or resumes the scheduler ({@link SchedulerCommand}).
 */
final class StatusPage {

    /** Where the dashboard is served (web.console's dashboard servlet). */
    static final String DASHBOARD = "/orrery/";
    static final int SEQUENCES_SHOWN = 100;

    private StatusPage() {
    }

    static void render(PrintWriter out, ConsoleStatus status) {
        SchedulerStatistics statistics = null;
        String schedulerProblem = null;
        if (status.scheduler() == null) {
            schedulerProblem = "The scheduler is not running (bundle org.orrery.core.scheduler stopped or not installed).";
        } else {
            try {
                statistics = status.scheduler().statistics();
            } catch (RuntimeException e) {
                schedulerProblem = "The scheduler cannot say its counts now: " + e.getMessage();
            }
        }
        List<DeviceRow> devices = status.devices().stream().map(DeviceRow::of)
                .sorted(Comparator.comparing(DeviceRow::id)).toList();

        out.println("<p class=\"statline ui-state-highlight\">" + text(statusLine(statistics, devices)) + "</p>");
        out.println("<p><a href=\"" + DASHBOARD + "\">Open the Orrery dashboard</a> (" + DASHBOARD
                + "): live tasks, sequences, devices and images.</p>");
        scheduler(out, statistics, schedulerProblem);
        sequences(out, status);
        devices(out, devices);
        AgentsSection.render(out, status.agents());
        store(out, status);
    }

    private static String statusLine(SchedulerStatistics statistics, List<DeviceRow> devices) {
        String scheduler = statistics == null ? "Scheduler not available"
                : "Scheduler " + (statistics.paused() ? "paused" : "running") + ": " + statistics.running() + " running, "
                        + statistics.queued() + " queued, " + statistics.totalTasks() + " tasks in all";
        long connected = devices.stream().filter(d -> "connected".equals(d.connection())).count();
        return scheduler + " · " + devices.size() + (devices.size() == 1 ? " device, " : " devices, ") + connected + " connected";
    }

    private static void scheduler(PrintWriter out, SchedulerStatistics statistics, String problem) {
        if (statistics == null) {
            heading(out, "Scheduler");
            paragraph(out, problem);
            return;
        }
        keyValueTable(out, "Scheduler");
        row(out, "State", statistics.paused() ? "paused (nothing new starts)" : "running");
        row(out, "Tasks in all", statistics.totalTasks());
        row(out, "Queued (pending, ready, retrying)", statistics.queued());
        row(out, "Running", statistics.running());
        for (TaskStatus s : TaskStatus.values()) {
            row(out, "Status " + s.id(), statistics.byStatus().getOrDefault(s, 0L));
        }
        row(out, "Finished in the last minute", String.format(Locale.ROOT, "%.0f", statistics.tasksPerMinute()));
        row(out, "Mean running time", String.format(Locale.ROOT, "%.1f s", statistics.averageExecutionSeconds()));
        endTable(out);
        // no action attribute: the form posts to this page (SchedulerCommand)
        if (statistics.paused()) {
            out.println("<form method=\"post\"><p><input type=\"hidden\" name=\"action\" value=\"resume\"/>"
                    + "<input type=\"submit\" value=\"Resume the scheduler\"/></p></form>");
        } else {
            out.println("<form method=\"post\"><p><input type=\"hidden\" name=\"action\" value=\"pause\"/>"
                    + "<select name=\"mode\"><option value=\"deferred\">deferred: running tasks finish</option>"
                    + "<option value=\"immediate\">immediate: running tasks stop, and run again on resume</option></select> "
                    + "<input type=\"submit\" value=\"Pause the scheduler\"/></p></form>");
        }
    }

    private static void sequences(PrintWriter out, ConsoleStatus status) {
        heading(out, "Running sequences");
        if (status.sequences() == null) {
            paragraph(out, "The sequence manager is not running (bundle org.orrery.core.sequence stopped or not installed).");
            return;
        }
        SequencePage page;
        try {
            page = status.sequences().list(EnumSet.of(SequenceState.RUNNING, SequenceState.PAUSING, SequenceState.PAUSED),
                    null, SEQUENCES_SHOWN);
        } catch (TaskException | RuntimeException e) {
            paragraph(out, "The sequences cannot be listed now: " + e.getMessage());
            return;
        }
        if (page.sequences().isEmpty()) {
            paragraph(out, "No sequence is running.");
            return;
        }
        listTable(out, "Id", "Name", "State", "Area", "Steps done", "Running steps", "Started");
        for (SequenceInfo s : page.sequences()) {
            row(out, s.id(), s.name(), s.state().id(), s.area(), s.stepsDone() + " of " + s.stepsTotal(),
                    String.join(", ", s.currentSteps()), s.startedAt());
        }
        endTable(out);
        if (page.nextCursor() != null) {
            paragraph(out, "The first " + SEQUENCES_SHOWN + " are shown; the dashboard lists them all.");
        }
    }

    private static void devices(PrintWriter out, List<DeviceRow> devices) {
        heading(out, "Devices");
        if (devices.isEmpty()) {
            paragraph(out, "No device is registered.");
            return;
        }
        listTable(out, "Id", "Name", "Type", "Driver", "Connection", "Message");
        for (DeviceRow d : devices) {
            row(out, d.id(), d.name(), d.type(), d.driver(), d.connection(), d.message());
        }
        endTable(out);
    }

    private static void store(PrintWriter out, ConsoleStatus status) {
        if (status.store() == null) {
            heading(out, "Task store");
            paragraph(out, "No task store is open: bundle org.orrery.store.jdbc is stopped, or its database cannot be"
                    + " opened now (its log says why).");
            return;
        }
        keyValueTable(out, "Task store");
        Object dialect = status.store().get(ConsoleStatus.STORE_DIALECT);
        Object database = status.store().get(ConsoleStatus.STORE_DATABASE);
        row(out, "Database", dialect == null ? "(not said by the store)" : dialect);
        // the store leaves passwords out already; masking again costs nothing
        row(out, "Where", database == null ? "(not said by the store)" : SecretMask.mask(String.valueOf(database)));
        endTable(out);
    }

    /** One device as shown; a device that fails to answer is shown with the reason. */
    record DeviceRow(String id, String name, String type, String driver, String connection, String message) {

        static DeviceRow of(Device device) {
            String id = "?";
            try {
                id = device.id();
                return new DeviceRow(id, device.name(), device.type().id(), device.driver(), device.connectionState().id(),
                        device.statusMessage());
            } catch (RuntimeException e) {
                return new DeviceRow(id, "", "", "", "unknown", "the device does not answer: " + e);
            }
        }
    }
}
