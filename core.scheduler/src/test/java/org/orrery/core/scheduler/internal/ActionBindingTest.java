package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionInfo;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * Actions known by their service properties ({@link ActionProperties}) and got from the registry
 * only when a task needs them: their components (and what those reference) stay inactive until then.
 */
class ActionBindingTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    /** What the registry would do: counts the gets, says on which thread, and records what is given back. */
    private static final class Registry {
        final Action action;
        final AtomicInteger gets = new AtomicInteger();
        final List<Action> released = new CopyOnWriteArrayList<>();
        volatile boolean gotUnderTheLock;

        Registry(Action action) {
            this.action = action;
        }

        ActionProvider provider(String name, boolean safe, TaskEngine engine) {
            return ActionProvider.declared(name, safe, "test.bundle", () -> {
                gets.incrementAndGet();
                gotUnderTheLock |= engine.inOperation();
                return action;
            }, released::add);
        }
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private TaskEngine engine() {
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        return engine;
    }

    private TaskStatus status(String id) {
        return engine.get(id).orElseThrow().status();
    }

    private void awaitStatus(String id, TaskStatus expected) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (status(id) == expected) {
                return;
            }
            Thread.sleep(10);
        }
        fail(id + " is " + engine.get(id).orElseThrow() + ", expected " + expected);
    }

    @Test
    void anActionAppearsWithoutBeingGotAndTheFirstSubmitGetsIt() throws Exception {
        Registry registry = new Registry(new TestActions.Quick("test.quick"));
        engine().addAction(registry.provider("test.quick", false, engine));
        assertTrue(engine.hasAction("test.quick"));
        assertEquals(0, registry.gets.get(), "known by its properties: nothing activated");

        engine.submit(TaskSpec.builder("test.quick").id("one").build());
        awaitStatus("one", TaskStatus.COMPLETED);
        engine.submit(TaskSpec.builder("test.quick").id("two").build());
        awaitStatus("two", TaskStatus.COMPLETED);
        assertEquals(1, registry.gets.get(), "got once, by the first submission");
        assertFalse(registry.gotUnderTheLock);
    }

    @Test
    void aTaskTakenUpAtStartHasItsActionGotOffTheLock() throws Exception {
        TaskSpec spec = TaskSpec.builder("test.quick").id("stored").build();
        store.save(List.of(Transitions.withStatus(TaskRecord.accepted(spec, TaskStatus.PENDING, null, Instant.now()),
                TaskStatus.READY, null)));
        Registry registry = new Registry(new TestActions.Quick("test.quick"));
        engine().addAction(registry.provider("test.quick", false, engine));
        awaitStatus("stored", TaskStatus.COMPLETED);
        assertEquals(1, registry.gets.get());
        assertFalse(registry.gotUnderTheLock, "activation runs other bundles' code: never under the engine's lock");
    }

    @Test
    void anInterruptedTaskIsDecidedFromThePropertiesWithoutGettingTheAction() {
        TaskSpec spec = TaskSpec.builder("test.once").id("half").build();
        TaskRecord accepted = TaskRecord.accepted(spec, TaskStatus.PENDING, null, Instant.now());
        store.save(List.of(Transitions.started(Transitions.withStatus(accepted, TaskStatus.READY, null), Instant.now(), "local")));
        Registry registry = new Registry(new TestActions.Quick("test.once"));
        engine().addAction(registry.provider("test.once", false, engine));
        assertEquals(TaskStatus.FAILED, status("half"));
        assertTrue(engine.get("half").orElseThrow().error().message().contains("not safe to run again"));
        assertEquals(0, registry.gets.get());
    }

    @Test
    void anActionWhoseNameIsNotItsPropertysIsRefused() {
        Registry registry = new Registry(new TestActions.Quick("test.other"));
        engine().addAction(registry.provider("test.quick", false, engine));
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> engine.submit(TaskSpec.builder("test.quick").id("t").build()));
        assertTrue(e.getMessage().contains("action.name says 'test.quick' but its name() says 'test.other'"), e.getMessage());
        assertFalse(engine.hasAction("test.quick"), "refused: taken out until its bundle comes back fixed");
        assertEquals(List.of(registry.action), registry.released, "the object got is given back");
        assertTrue(engine.get("t").isEmpty());
    }

    @Test
    void anActionWhoseReRunSafetyIsNotItsPropertysIsRefused() throws Exception {
        Action safe = new Action() {
            @Override
            public String name() {
                return "test.quick";
            }

            @Override
            public boolean safeToRerun() {
                return true;
            }

            @Override
            public java.util.concurrent.CompletionStage<Map<String, Object>> execute(org.orrery.task.ActionContext c) {
                return java.util.concurrent.CompletableFuture.completedFuture(Map.of());
            }
        };
        Registry registry = new Registry(safe);
        engine().addAction(registry.provider("test.quick", false, engine));
        TaskRecord waiting = engine.submit(TaskSpec.builder("test.quick").id("w").waitForAction(true).build());
        assertEquals(TaskStatus.PENDING, waiting.status(), "it may wait: accepted, waiting for a usable action");
        assertFalse(engine.hasAction("test.quick"));
        assertTrue(engine.get("w").orElseThrow().waitingFor().contains("test.quick"));
    }

    @Test
    void theBundleStoppingMidTaskCancelsTheAttemptAndGivesTheObjectBack() throws Exception {
        TestActions.Gate gate = new TestActions.Gate("test.gate");
        Registry registry = new Registry(gate);
        ActionProvider provider = registry.provider("test.gate", false, engine());
        engine.addAction(provider);
        engine.submit(TaskSpec.builder("test.gate").id("g").build());
        awaitStatus("g", TaskStatus.RUNNING);

        engine.removeAction(provider);
        assertEquals(List.of(gate), registry.released);
        assertFalse(engine.hasAction("test.gate"));
        for (int i = 0; i < 500 && status("g") == TaskStatus.RUNNING; i++) {
            Thread.sleep(10);
        }
        assertTrue(engine.get("g").orElseThrow().error().message().contains("was removed while the task ran"),
                engine.get("g").orElseThrow().toString());
    }

    @Test
    void listingTheActionsGetsThem() {
        Registry registry = new Registry(new TestActions.Quick("test.quick"));
        engine().addAction(registry.provider("test.quick", false, engine));
        List<ActionInfo> infos = engine.actions();
        assertEquals(List.of("test.quick"), infos.stream().map(ActionInfo::name).toList());
        assertEquals("test.bundle", infos.get(0).bundle());
        assertEquals(1, registry.gets.get());
    }

    @Test
    void theComponentReadsThePropertiesAndGetsAnActionWithoutThemAtOnce() {
        Action quick = new TestActions.Quick("test.quick");
        AtomicInteger gets = new AtomicInteger();
        ActionProvider declared = SchedulerComponent.provider(objects(quick, gets,
                Map.of(ActionProperties.NAME, "test.quick", ActionProperties.SAFE_TO_RERUN, true)));
        assertEquals(0, gets.get());
        assertEquals("test.quick", declared.name);
        assertTrue(declared.safeToRerun());
        assertNull(declared.obtained());

        ActionProvider thirdParty = SchedulerComponent.provider(objects(quick, gets, Map.of()));
        assertEquals(1, gets.get(), "no properties: the object is got at once for its name, as before");
        assertEquals("test.quick", thirdParty.name);
        assertEquals(quick, thirdParty.obtained());
    }

    @SuppressWarnings("unchecked")
    private static ComponentServiceObjects<Action> objects(Action action, AtomicInteger gets, Map<String, Object> properties) {
        ServiceReference<Action> reference = (ServiceReference<Action>) Proxy.newProxyInstance(
                ActionBindingTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get(args[0]);
                    case "getBundle" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new ComponentServiceObjects<>() {
            @Override
            public Action getService() {
                gets.incrementAndGet();
                return action;
            }

            @Override
            public void ungetService(Action service) {
            }

            @Override
            public ServiceReference<Action> getServiceReference() {
                return reference;
            }
        };
    }
}
