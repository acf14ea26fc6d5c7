package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentState;
import org.orrery.agent.Agents;
import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceType;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceState;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskStatus;

class StatusPageTest {

    static final String XSS = "<img src=x onerror=alert(1)>";

    @Test
    void everyServiceIsShownWithItsCountsAndTheDashboardLink() {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        counts.put(TaskStatus.COMPLETED, 12L);
        counts.put(TaskStatus.RUNNING, 2L);
        counts.put(TaskStatus.FAILED, 1L);
        SequenceInfo running = SequenceInfo.builder("seq-1").name("M31 night").state(SequenceState.RUNNING).area("main")
                .progress(3, 10).currentSteps(List.of("main/m31/expose")).startedAt(Instant.parse("2026-12-05T20:00:00Z"))
                .build();
        String page = render(new ConsoleStatus(scheduler(statistics(counts, false)), sequences(List.of(running)),
                List.of(device("sim-mount", "Simulated mount", ConnectionState.CONNECTED, ""),
                        device("sim-camera", "Camera", ConnectionState.ERROR, "USB lost")),
                agents(List.of(agent("gpu-1", true, AgentState.BUSY, List.of("t-1", "t-2"), 2),
                        agent("codegen", false, AgentState.ONLINE, List.of(), 4))),
                Map.of(ConsoleStatus.STORE_DIALECT, "postgresql", ConsoleStatus.STORE_DATABASE,
                        "jdbc:postgresql://db:5432/orrery?password=hunter2")));

        assertTrue(page.contains("class=\"statline ui-state-highlight\">Scheduler running: 2 running, 0 queued, 15 tasks in"
                + " all · 2 devices, 1 connected</p>"), page);
        assertTrue(page.contains("<td>Status completed</td><td>12</td>"), page);
        assertTrue(page.contains("<td>Status failed</td><td>1</td>"), page);
        assertTrue(page.contains("<td>Status paused</td><td>0</td>"), "every status has a row: " + page);
        assertTrue(page.contains("<td>seq-1</td><td>M31 night</td><td>running</td><td>main</td><td>3 of 10</td>"
                + "<td>main/m31/expose</td><td>2026-12-05T20:00:00Z</td>"), page);
        assertTrue(page.indexOf("<td>sim-camera</td>") < page.indexOf("<td>sim-mount</td>"), "devices by id: " + page);
        assertTrue(page.contains("<td>sim-camera</td><td>Camera</td><td>camera</td><td>simulator</td><td>error</td>"
                + "<td>USB lost</td>"), page);
        assertTrue(page.contains("<td>Database</td><td>postgresql</td>"), page);
        assertTrue(page.contains("jdbc:postgresql://db:5432/orrery?password=********"), page);
        assertFalse(page.contains("hunter2"), page);
        assertTrue(page.contains("<a href=\"/orrery/\">"), page);
        assertTrue(page.contains("class=\"tablesorter nicetable\""), page);
        assertTrue(page.indexOf("<td>codegen</td>") < page.indexOf("<td>gpu-1</td>"), "agents by id: " + page);
        assertTrue(page.contains("<td>gpu-1</td><td>gpu</td><td>remote</td><td>busy</td><td>code_review, testing</td>"
                + "<td>2 of 2</td><td>2026-12-05T20:01:00Z</td>"), page);
        assertTrue(page.contains("<td>codegen</td><td>gpu</td><td>local (org.orrery.agents.codegen)</td><td>online</td>"
                + "<td>code_review, testing</td><td>0 of 4</td>"), page);
        assertTrue(page.contains("<form method=\"post\"><p><input type=\"hidden\" name=\"action\" value=\"pause\"/>"), page);
    }

    @Test
    void withoutOptionalServicesThePageSaysWhatIsMissing() {
        String page = render(new ConsoleStatus(null, null, List.of(), null, null));
        assertTrue(page.contains("Scheduler not available · 0 devices, 0 connected"), page);
        assertTrue(page.contains("The scheduler is not running"), page);
        assertTrue(page.contains("The sequence manager is not running"), page);
        assertTrue(page.contains("No device is registered."), page);
        assertTrue(page.contains("No task store is open"), page);
        assertTrue(page.contains("Agents are not available"), page);
        assertTrue(page.contains("<a href=\"/orrery/\">"), "the dashboard link is always there");
        assertFalse(page.contains("<table"), page);
        assertFalse(page.contains("<form"), "no scheduler, nothing to pause: " + page);
    }

    @Test
    void aPausedSchedulerNoRunningSequenceAndFailingServicesAreSaidInWords() {
        Scheduler broken = (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[] {Scheduler.class},
                (p, m, a) -> {
                    throw new IllegalStateException("store down");
                });
        Device silent = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (p, m, a) -> {
                    if (m.getName().equals("id")) {
                        return "sim-focuser";
                    }
                    throw new IllegalStateException("driver gone");
                });
        String page = render(new ConsoleStatus(broken, sequences(List.of()), List.of(silent),
                (Agents) Proxy.newProxyInstance(Agents.class.getClassLoader(), new Class<?>[] {Agents.class}, (p, m, a) -> {
                    throw new IllegalStateException("agents gone");
                }), Map.of()));
        assertTrue(page.contains("The agents cannot be listed now: agents gone"), page);
        assertTrue(page.contains("The scheduler cannot say its counts now: store down"), page);
        assertTrue(page.contains("No sequence is running."), page);
        assertTrue(page.contains("<td>sim-focuser</td><td></td><td></td><td></td><td>unknown</td>"), page);
        assertTrue(page.contains("driver gone"), page);
        assertTrue(page.contains("Scheduler not available · 1 device, 0 connected"), page);
        assertTrue(page.contains("<td>Database</td><td>(not said by the store)</td>"), page);

        String paused = render(new ConsoleStatus(scheduler(statistics(Map.of(), true)), null, List.of(), agents(List.of()), null));
        assertTrue(paused.contains("No agent is registered."), paused);
        assertTrue(paused.contains("Scheduler paused: 0 running"), paused);
        assertTrue(paused.contains("<td>State</td><td>paused (nothing new starts)</td>"), paused);
        assertTrue(paused.contains("name=\"action\" value=\"resume\"/>"), paused);
        assertFalse(paused.contains("value=\"pause\""), paused);
    }

    @Test
    void everyNameIsTextNotMarkupNorAConsoleVariable() {
        SequenceInfo evil = SequenceInfo.builder("s-" + XSS).name(XSS + " ${brand.name} ${").state(SequenceState.PAUSED).build();
        String page = render(new ConsoleStatus(null, sequences(List.of(evil)),
                List.of(device("sim-mount", XSS + " ${appRoot}", ConnectionState.CONNECTED, "\"quoted\" & 'single'")),
                agents(List.of(agent(XSS + "${appRoot}", true, AgentState.OFFLINE, List.of(), 1))), null));
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("$"), "the console's filter would replace ${…}: " + page);
        assertTrue(page.contains("<td>&lt;img src=x onerror=alert(1)&gt; &#36;{appRoot}</td>"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt; &#36;{brand.name} &#36;{</td>"), page);
        assertTrue(page.contains("<td>&#34;quoted&#34; &amp; &#39;single&#39;</td>"), page);
        assertTrue(page.contains("<td>&lt;img src=x onerror=alert(1)&gt;&#36;{appRoot}</td><td>gpu</td>"), page);
    }

    private static String render(ConsoleStatus status) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            StatusPage.render(out, status);
        }
        return text.toString();
    }

    private static SchedulerStatistics statistics(Map<TaskStatus, Long> counts, boolean paused) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new SchedulerStatistics(Instant.EPOCH, counts, total, 0, counts.getOrDefault(TaskStatus.RUNNING, 0L), 1.5, 18,
                4, Map.of(), Map.of(), paused);
    }

    private static Scheduler scheduler(SchedulerStatistics statistics) {
        return (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[] {Scheduler.class},
                (p, m, a) -> {
                    assertEquals("statistics", m.getName(), "the page only reads statistics");
                    return statistics;
                });
    }

    private static SequenceManager sequences(List<SequenceInfo> running) {
        return (SequenceManager) Proxy.newProxyInstance(SequenceManager.class.getClassLoader(),
                new Class<?>[] {SequenceManager.class}, (p, m, a) -> {
                    assertEquals("list", m.getName(), "the page only lists");
                    assertEquals(Set.of(SequenceState.RUNNING, SequenceState.PAUSING, SequenceState.PAUSED), a[0]);
                    return new SequencePage(running, null);
                });
    }

    private static Agents agents(List<AgentInfo> list) {
        return (Agents) Proxy.newProxyInstance(Agents.class.getClassLoader(), new Class<?>[] {Agents.class}, (p, m, a) -> {
            assertEquals("list", m.getName(), "the page only lists");
            return list;
        });
    }

    private static AgentInfo agent(String id, boolean remote, AgentState state, List<String> running, int concurrency) {
        return new AgentInfo(id, "gpu", Set.of("testing", "code_review"), concurrency, state, remote,
                remote ? null : "org.orrery.agents.codegen", Instant.parse("2026-12-05T20:00:00Z"),
                Instant.parse("2026-12-05T20:01:00Z"), remote ? Duration.ofSeconds(30) : null, running,
                new AgentMetrics(3, 1, 0, running.size(), Duration.ofSeconds(40), Duration.ofSeconds(10), null, 0.5));
    }

    private static Device device(String id, String name, ConnectionState state, String message) {
        return new Device() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public DeviceType type() {
                return id.contains("camera") ? DeviceType.CAMERA : DeviceType.MOUNT;
            }

            @Override
            public String driver() {
                return "simulator";
            }

            @Override
            public ConnectionState connectionState() {
                return state;
            }

            @Override
            public String statusMessage() {
                return message;
            }

            @Override
            public Map<String, Object> values() {
                return Map.of();
            }
        };
    }
}
