package org.orrery.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.Agents;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A local agent bundle installed into the running runtime, used, stopped (tasks for its
 * capability wait) and started again (they run): the scheduler finds agents at run time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentHotSwapIT {

    static final String AGENT = "itest-agent";
    static final String CAPABILITY = "itest_probe";

    @Inject
    BundleContext context;

    @Inject
    Scheduler scheduler;

    @Inject
    Agents agents;

    @Configuration
    public Option[] config() throws IOException {
        return RuntimeBundleSetIT.config(AgentHotSwapIT.class);
    }

    private TaskStatus status(String id) {
        return scheduler.get(id).orElseThrow().status();
    }

    private TaskSpec task(String label) {
        return TaskSpec.builder("probe").capability(CAPABILITY).parameter("label", label).build();
    }

    @Test
    public void agentBundleInstalledUsedStoppedAndStartedAgain() throws Exception {
        Path jar = Path.of(System.getProperty("orrery.deployable.jar", "../itest.deployable/target/itest.deployable-0.1.0-SNAPSHOT.jar"));
        assertTrue("the test bundle " + jar + " is missing: build itest.deployable first", Files.isRegularFile(jar));
        Bundle bundle = context.installBundle(jar.toUri().toString());
        try {
            bundle.start();
            RuntimeBundleSetIT.await("the agent appears", () -> agents.get(AGENT).isPresent() ? null : "agents: " + agents.list());
            AgentInfo info = agents.get(AGENT).orElseThrow();
            assertEquals(bundle.getSymbolicName(), info.bundle());
            assertTrue(info.capabilities().contains(CAPABILITY));

            TaskRecord first = scheduler.submit(task("one"));
            RuntimeBundleSetIT.await("the first task completes",
                    () -> status(first.id()) == TaskStatus.COMPLETED ? null : "is " + status(first.id()));
            TaskRecord done = scheduler.get(first.id()).orElseThrow();
            assertEquals(Map.of("agent", AGENT, "task_type", "probe", "label", "one"), done.result());
            assertEquals(AGENT, done.assignedTo());

            TaskParameterException refused = assertThrows(TaskParameterException.class, () -> scheduler.submit(
                    TaskSpec.builder("probe").capability(CAPABILITY).parameter("label", 5).build()));
            assertTrue(refused.getMessage(), refused.getMessage().contains("label"));

            bundle.stop();
            RuntimeBundleSetIT.await("the agent is gone", () -> agents.get(AGENT).isPresent() ? "still there" : null);
            TaskRecord waiting = scheduler.submit(task("two"));
            assertEquals(TaskStatus.PENDING, waiting.status());
            assertEquals("capability " + CAPABILITY, waiting.waitingFor());

            bundle.start();
            RuntimeBundleSetIT.await("the waiting task completes once the agent is back",
                    () -> status(waiting.id()) == TaskStatus.COMPLETED ? null : "is " + status(waiting.id()));
            assertEquals(AGENT, scheduler.get(waiting.id()).orElseThrow().assignedTo());
        } finally {
            bundle.uninstall();
        }
    }
}
