package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskEventListener;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** The component tells {@link TaskEventListener}s of each committed event, before Event Admin. */
class SchedulerComponentEventsTest {

    /** What happened, in order: "listener:task_scheduled", "admin:org/orrery/task/SCHEDULED", ... */
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private final SchedulerComponent scheduler = new SchedulerComponent(SchedulerSettingsTest.config(new String[0], 0, 10),
            bundleContext(), new InMemoryTaskStore(), null);

    @AfterEach
    void close() {
        scheduler.deactivate();
    }

    @Test
    void listenersHearEachCommittedEventBeforeEventAdminAndOneThatThrowsStopsNothing() throws Exception {
        scheduler.setEventAdmin(admin());
        scheduler.addEventHandler(handler(TaskEvent.TOPIC_ALL));
        scheduler.addTaskEventListener(event -> {
            throw new IllegalStateException("a broken listener");
        });
        scheduler.addTaskEventListener(event -> seen.add("listener:" + event.type().id()));

        TaskRecord waiting = scheduler.submit(TaskSpec.builder("not.installed").waitForAction(true).build());
        scheduler.cancel(waiting.id(), "not needed");

        assertEquals(List.of("listener:task_scheduled", "admin:org/orrery/task/SCHEDULED", "listener:task_cancelled",
                "admin:org/orrery/task/CANCELLED"), next(4));
    }

    @Test
    void aRemovedListenerHearsNoMore() throws Exception {
        scheduler.setEventAdmin(admin());
        scheduler.addEventHandler(handler(new String[] {"org/orrery/*"}));
        TaskEventListener listener = event -> seen.add("listener:" + event.type().id());
        scheduler.addTaskEventListener(listener);
        scheduler.removeTaskEventListener(listener);

        TaskRecord waiting = scheduler.submit(TaskSpec.builder("not.installed").waitForAction(true).build());
        scheduler.cancel(waiting.id(), "not needed");

        assertEquals(List.of("admin:org/orrery/task/SCHEDULED", "admin:org/orrery/task/CANCELLED"), next(2));
        assertEquals(null, seen.poll(), "nothing else: the removed listener heard nothing");
    }

    @Test
    void eventAdminGetsOnlyTopicsAHandlerListensTo() throws Exception {
        scheduler.setEventAdmin(admin());
        scheduler.addTaskEventListener(event -> seen.add("listener:" + event.type().id()));

        TaskRecord first = scheduler.submit(TaskSpec.builder("not.installed").waitForAction(true).build());
        assertEquals(List.of("listener:task_scheduled"), next(1), "no handler: nothing posted to Event Admin");
        ServiceReference<EventHandler> cancelled = handler(TaskEvent.Type.CANCELLED.topic());
        scheduler.addEventHandler(cancelled);
        TaskRecord second = scheduler.submit(TaskSpec.builder("not.installed").waitForAction(true).build());
        scheduler.cancel(second.id(), "not needed");
        assertEquals(List.of("listener:task_scheduled", "listener:task_cancelled", "admin:org/orrery/task/CANCELLED"), next(3));

        scheduler.removeEventHandler(cancelled);
        scheduler.cancel(first.id(), "not needed either");
        assertEquals(List.of("listener:task_cancelled"), next(1));
        assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS), "the removed handler's topic is not posted");
    }

    /** An Event Admin handler's service reference: only its topics are read. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<EventHandler> handler(Object topics) {
        return (ServiceReference<EventHandler>) Proxy.newProxyInstance(SchedulerComponentEventsTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> EventConstants.EVENT_TOPIC.equals(args[0]) ? topics : null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "handler of " + topics;
                    default -> null;
                });
    }

    private List<String> next(int n) throws InterruptedException {
        List<String> got = new java.util.ArrayList<>();
        while (got.size() < n) {
            String one = seen.poll(10, TimeUnit.SECONDS);
            if (one == null) {
                break;
            }
            got.add(one);
        }
        return got;
    }

    private EventAdmin admin() {
        return new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                if (event.getTopic().startsWith(TaskEvent.TOPIC_PREFIX)) {
                    seen.add("admin:" + event.getTopic());
                }
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
    }

    /** Only what the component calls: registering the Agents service. */
    private static BundleContext bundleContext() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                SchedulerComponentEventsTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(SchedulerComponentEventsTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
