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
import org.orrery.task.Scheduler;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * An action bundle installed into the running runtime, used, stopped (its tasks wait for it)
 * and started again (they finish) — the scheduler finds actions at run time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ActionHotSwapIT {

    static final String PROBE = "itest.probe";

    @Inject
    BundleContext context;

    @Inject
    Scheduler scheduler;

    @Configuration
    public Option[] config() throws IOException {
        return RuntimeBundleSetIT.config(ActionHotSwapIT.class);
    }

    private boolean installed() {
        return scheduler.actions().stream().anyMatch(a -> a.name().equals(PROBE));
    }

    private TaskStatus status(String id) {
        return scheduler.get(id).orElseThrow().status();
    }

    @Test
    public void actionBundleInstalledUsedStoppedAndStartedAgain() throws Exception {
        Path jar = Path.of(System.getProperty("orrery.deployable.jar", "../itest.deployable/target/itest.deployable-0.1.0-SNAPSHOT.jar"));
        assertTrue("the test bundle " + jar + " is missing: build itest.deployable first", Files.isRegularFile(jar));
        Bundle bundle = context.installBundle(jar.toUri().toString());
        try {
            bundle.start();
            RuntimeBundleSetIT.await("the action appears", () -> installed() ? null : "not installed: " + scheduler.actions());

            TaskRecord first = scheduler.submit(TaskSpec.builder(PROBE).parameter("label", "one").build());
            RuntimeBundleSetIT.await("the first task completes",
                    () -> status(first.id()) == TaskStatus.COMPLETED ? null : "is " + status(first.id()));
            assertEquals(Map.of("probe", "one"), scheduler.get(first.id()).orElseThrow().result());

            TaskParameterException invalid = assertThrows(TaskParameterException.class,
                    () -> scheduler.submit(TaskSpec.builder(PROBE).parameter("label", 5).build()));
            assertTrue(invalid.getMessage(), invalid.getMessage().contains("label"));

            bundle.stop();
            RuntimeBundleSetIT.await("the action is gone", () -> installed() ? "still installed" : null);
            TaskParameterException unknown = assertThrows(TaskParameterException.class,
                    () -> scheduler.submit(TaskSpec.builder(PROBE).parameter("label", "x").build()));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("no installed bundle provides the action"));

            TaskRecord waiting = scheduler.submit(TaskSpec.builder(PROBE).parameter("label", "two").waitForAction(true).build());
            assertEquals(TaskStatus.PENDING, waiting.status());
            assertTrue(waiting.waitingFor(), waiting.waitingFor().contains("action '" + PROBE + "'"));

            bundle.start();
            RuntimeBundleSetIT.await("the waiting task completes once the bundle is back",
                    () -> status(waiting.id()) == TaskStatus.COMPLETED ? null : "is " + status(waiting.id()));
            assertEquals(Map.of("probe", "two"), scheduler.get(waiting.id()).orElseThrow().result());
        } finally {
            bundle.uninstall();
        }
    }
}
