package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.orrery.agent.Agent;
import org.orrery.agent.AgentEvent;
import org.orrery.agent.Agents;
import org.orrery.task.Action;
import org.orrery.task.ActionInfo;
import org.orrery.task.ActionProperties;
import org.orrery.task.PauseMode;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.SchedulerEvent;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskEventListener;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The platform's {@link Scheduler}: the {@link TaskEngine} as a DS component. Actions arrive
 * and leave as services; the settings come from Config Admin (PID
 * {@code org.orrery.scheduler}, editable in the Web Console) and change while it runs. The task
 * store is taken greedily: when a better-ranked store arrives (the durable one over the
 * in-memory one), the engine restarts on it and takes up its unfinished tasks. So is the
 * {@link org.orrery.task.ExecutionStore} (optional: without one, executions are kept in memory).
 * It registers the engine's {@link Agents} service too (a service of its own: its {@code get} and
 * the scheduler's differ only in their return type, so one object cannot be both); local agents
 * arrive and leave as services like actions (a second agent with an id already taken is ignored
 * with a warning), and agent events go to Event Admin. Task events go to every
 * {@link TaskEventListener} service first (on the outbox's thread, in commit order), then to Event Admin.
 */
@Component(service = Scheduler.class, configurationPid = SchedulerComponent.PID, immediate = true)
@Designate(ocd = SchedulerComponent.Config.class)
public final class SchedulerComponent implements Scheduler {

    static final String PID = "org.orrery.scheduler";

    @ObjectClassDefinition(name = "Orrery scheduler", description = "How Orrery runs tasks.")
    public @interface Config {
        @AttributeDefinition(name = "Max concurrent tasks",
                description = "The most tasks running at once (a task waiting on a device holds no thread).")
        int max_concurrent_tasks() default 64;

        @AttributeDefinition(name = "Worker threads", description = "Threads that run the synchronous part of actions.")
        int worker_threads() default 4;

        @AttributeDefinition(name = "Per-action limits",
                description = "action=limit, e.g. camera.expose=1: the most tasks of that action running at once.")
        String[] action_limits() default {};

        @AttributeDefinition(name = "Resource capacities",
                description = "resource=units, e.g. lamp=2: how many units shared (read) claims may hold together;"
                        + " without an entry, any number of readers share a resource (a writer always holds it alone)."
                        + " cpu, memory, disk and gpu_memory (resource_requirements) in cores and GB, e.g. cpu=4, memory=16;"
                        + " default: this machine's (gpu_memory 0).")
        String[] resource_capacities() default {};

        @AttributeDefinition(name = "Default timeout (s)", description = "For tasks that name none; 0 = no timeout.")
        double default_timeout_seconds() default 0;

        @AttributeDefinition(name = "Default max retries", description = "For tasks that name no retry policy.")
        int default_max_retries() default 0;

        @AttributeDefinition(name = "Default retry delay (s)")
        double default_retry_delay_seconds() default 5;

        @AttributeDefinition(name = "Default backoff", description = "Each further retry waits this factor longer (1 = constant).")
        double default_backoff() default 2;

        @AttributeDefinition(name = "Default max retry delay (s)")
        double default_max_retry_delay_seconds() default 300;

        @AttributeDefinition(name = "Cancel grace period (s)",
                description = "How long a cancelled action may take to stop before it is given up.")
        double cancel_grace_seconds() default 10;

        @AttributeDefinition(name = "Aging step (s)",
                description = "A ready task waiting this long counts one priority level higher, so none starves.")
        double aging_seconds() default 60;
    }

    private final TaskEngine engine;
    private final AgentService agents;
    private final ServiceRegistration<Agents> agentsRegistration;
    private final SchemaParameterValidator validator = new SchemaParameterValidator();
    private volatile EventAdmin eventAdmin;
    private final EventHandlerTopics handlerTopics = new EventHandlerTopics();
    private final TaskEventListeners listeners = new TaskEventListeners();
    private final Map<ServiceReference<Action>, ActionProvider> providers = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public SchedulerComponent(Config config, BundleContext context,
            @Reference(policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY) TaskStore store,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
            org.orrery.task.ExecutionStore executions) {
        // executions: the durable store's (registered before its TaskStore); none: kept in memory
        this.engine = new TaskEngine(settings(config), store, executions, this::post, Clock.systemUTC(), validator);
        this.agents = engine.agents();
        agents.events(this::post);
        this.agentsRegistration = context.registerService(Agents.class, agents, null);
    }

    @Modified
    void modified(Config config) {
        engine.updateSettings(settings(config));
    }

    @Deactivate
    void deactivate() {
        try {
            agentsRegistration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping: the framework unregistered it
        }
        engine.close();
    }

    /**
     * An action is known by its service properties ({@link ActionProperties}) and got when a task
     * first needs it; one registered without them is got now, to read its name.
     */
    @Reference(service = Action.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAction(ComponentServiceObjects<Action> objects) {
        ActionProvider provider = provider(objects);
        if (provider != null) {
            providers.put(objects.getServiceReference(), provider);
            engine.addAction(provider);
        }
    }

    void removeAction(ComponentServiceObjects<Action> objects) {
        ActionProvider provider = providers.remove(objects.getServiceReference());
        if (provider != null) {
            Action got = provider.obtained();
            engine.removeAction(provider);
            if (got != null) {
                validator.forget(got);
            }
        }
    }

    /** The provider of a registered action; null if its object was needed for its name and could not be got. */
    static ActionProvider provider(ComponentServiceObjects<Action> objects) {
        ServiceReference<Action> reference = objects.getServiceReference();
        String bundle = reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
        Object name = reference.getProperty(ActionProperties.NAME);
        if (name instanceof String s && !s.isBlank()) {
            Object safe = reference.getProperty(ActionProperties.SAFE_TO_RERUN);
            return ActionProvider.declared(s, Boolean.TRUE.equals(safe) || "true".equals(safe), bundle,
                    objects::getService, objects::ungetService);
        }
        Action action = objects.getService(); // no name property: only the object knows its name
        return action == null ? null : ActionProvider.of(action, bundle, objects::ungetService);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY, updated = "updatedAgent")
    void addAgent(Agent agent, ServiceReference<Agent> reference) {
        agents.addLocal(agent, reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName());
    }

    void updatedAgent(Agent agent) {
        agents.updateLocal(agent);
    }

    void removeAgent(Agent agent) {
        agents.removeLocal(agent);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /**
     * Event Admin's handlers, by their service properties only (none is got): events go to Event
     * Admin only for topics a handler listens to.
     */
    @Reference(service = EventHandler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEventHandler(ServiceReference<EventHandler> handler) {
        handlerTopics.put(handler);
    }

    void updatedEventHandler(ServiceReference<EventHandler> handler) {
        handlerTopics.put(handler);
    }

    void removeEventHandler(ServiceReference<EventHandler> handler) {
        handlerTopics.remove(handler);
    }

    /** Task event listeners (the event stream) are told on the outbox's thread, before Event Admin's asynchronous delivery. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTaskEventListener(TaskEventListener listener) {
        listeners.add(listener);
    }

    void removeTaskEventListener(TaskEventListener listener) {
        listeners.remove(listener);
    }

    private void post(TaskEvent event) {
        listeners.tell(event);
        toEventAdmin(event.type().topic(), () -> properties(event));
    }

    private void post(SchedulerEvent event) {
        toEventAdmin(event.type().topic(), () -> properties(event));
    }

    private void post(AgentEvent event) {
        toEventAdmin(event.type().topic(), () -> properties(event));
    }

    /** Posts to Event Admin if a handler listens to the topic: otherwise the event is not even built. */
    private void toEventAdmin(String topic, Supplier<Map<String, Object>> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null && handlerTopics.wanted(topic)) {
            admin.postEvent(new Event(topic, properties.get()));
        }
    }

    static Map<String, Object> properties(AgentEvent event) {
        Map<String, Object> p = new HashMap<>();
        p.put(AgentEvent.PROPERTY_EVENT, event);
        p.put(AgentEvent.PROPERTY_AGENT_ID, event.agent().id());
        p.put(AgentEvent.PROPERTY_STATE, event.agent().state().id());
        p.put(AgentEvent.PROPERTY_RUNNING, event.agent().runningTasks().size());
        p.put(AgentEvent.PROPERTY_TIMESTAMP, event.timestamp().toString());
        return p;
    }

    static Map<String, Object> properties(SchedulerEvent event) {
        Map<String, Object> p = new HashMap<>();
        p.put(SchedulerEvent.PROPERTY_TYPE, event.type().id());
        if (event.mode() != null) {
            p.put(SchedulerEvent.PROPERTY_MODE, event.mode().name().toLowerCase(java.util.Locale.ROOT));
        }
        p.put(SchedulerEvent.PROPERTY_TIMESTAMP, event.timestamp().toString());
        return p;
    }

    static Map<String, Object> properties(TaskEvent event) {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskEvent.PROPERTY_TYPE, event.type().id());
        p.put(TaskEvent.PROPERTY_TASK_ID, event.taskId());
        p.put(TaskEvent.PROPERTY_NAME, event.name());
        p.put(TaskEvent.PROPERTY_ACTION, event.action());
        p.put(TaskEvent.PROPERTY_STATUS, event.status().id());
        p.put(TaskEvent.PROPERTY_PROGRESS, event.progress());
        p.put(TaskEvent.PROPERTY_ATTEMPT, event.attempt());
        p.put(TaskEvent.PROPERTY_TIMESTAMP, event.timestamp().toString());
        if (event.result() != null) {
            p.put(TaskEvent.PROPERTY_RESULT, event.result());
        }
        if (event.error() != null) {
            p.put(TaskEvent.PROPERTY_ERROR, event.error());
        }
        if (event.message() != null) {
            p.put(TaskEvent.PROPERTY_MESSAGE, event.message());
        }
        return p;
    }

    /**
     * The engine settings of a configuration.
     *
     * @throws IllegalArgumentException naming the property and the value that cannot be used
     */
    static EngineSettings settings(Config c) {
        RetryPolicy retry = new RetryPolicy(c.default_max_retries(), seconds("default_retry_delay_seconds",
                c.default_retry_delay_seconds()), c.default_backoff(),
                seconds("default_max_retry_delay_seconds", c.default_max_retry_delay_seconds()), 0.1);
        Duration timeout = c.default_timeout_seconds() <= 0 ? null : seconds("default_timeout_seconds", c.default_timeout_seconds());
        return new EngineSettings(c.max_concurrent_tasks(), c.worker_threads(), pairs("action_limits", c.action_limits()),
                pairs("resource_capacities", c.resource_capacities()), timeout, retry,
                seconds("cancel_grace_seconds", c.cancel_grace_seconds()), seconds("aging_seconds", c.aging_seconds()));
    }

    private static Duration seconds(String property, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(PID + ": " + property + " must be a number of seconds of 0 or more, was " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }

    static Map<String, Integer> pairs(String property, String[] entries) {
        Map<String, Integer> map = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new NumberFormatException();
                }
                String name = entry.substring(0, eq).trim();
                if (property.equals("resource_capacities") && Requirements.NAMES.contains(name)) {
                    Integer tenths = Requirements.configured(entry.substring(eq + 1));
                    if (tenths == null) {
                        throw new IllegalArgumentException(PID + ": " + property + " entry '" + entry
                                + "' is not name=number with a number of at least 0 (cores or GB; 0.5 allowed)");
                    }
                    map.put(name, tenths); // kept in tenths of a core or GB, as the claims count them
                    continue;
                }
                int value = Integer.parseInt(entry.substring(eq + 1).trim());
                if (value < 1) {
                    throw new NumberFormatException();
                }
                map.put(entry.substring(0, eq).trim(), value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PID + ": " + property + " entry '" + entry
                        + "' is not name=number with a number of at least 1");
            }
        }
        return map;
    }

    // ------------------------------------------------------------------ Scheduler, by delegation

    @Override
    public TaskRecord submit(TaskSpec task) throws TaskException {
        return engine.submit(task);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> tasks) throws TaskException {
        return engine.submitAll(tasks);
    }

    @Override
    public TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        return engine.cancel(id, reason);
    }

    @Override
    public TaskRecord retry(String id) throws TaskException {
        return engine.retry(id);
    }

    @Override
    public TaskRecord pause(String id) throws TaskException {
        return engine.pause(id);
    }

    @Override
    public TaskRecord resume(String id) throws TaskException {
        return engine.resume(id);
    }

    @Override
    public void pauseAll(PauseMode mode) {
        engine.pauseAll(mode);
        post(new SchedulerEvent(SchedulerEvent.Type.PAUSED, mode, Instant.now()));
    }

    @Override
    public void resumeAll() {
        engine.resumeAll();
        post(new SchedulerEvent(SchedulerEvent.Type.RESUMED, null, Instant.now()));
    }

    @Override
    public boolean isPaused() {
        return engine.isPaused();
    }

    @Override
    public Optional<TaskRecord> get(String id) {
        return engine.get(id);
    }

    @Override
    public java.util.concurrent.CompletionStage<TaskRecord> whenFinished(String id) {
        return engine.whenFinished(id);
    }

    @Override
    public TaskPage list(TaskQuery query) {
        return engine.list(query);
    }

    @Override
    public List<List<String>> executionPlan(Collection<String> ids) throws TaskException {
        return engine.executionPlan(ids);
    }

    @Override
    public SchedulerStatistics statistics() {
        return engine.statistics();
    }

    @Override
    public List<ActionInfo> actions() {
        return engine.actions();
    }

    @Override
    public TaskRecord update(String id, org.orrery.task.TaskUpdate update) throws TaskException {
        return engine.update(id, update);
    }

    @Override
    public void purge(String id) throws TaskException {
        engine.purge(id);
    }

    @Override
    public List<org.orrery.task.TaskExecution> executions(String id) throws TaskException {
        return engine.executions(id);
    }

    @Override
    public List<org.orrery.task.ResourceState> resources() {
        return engine.resources();
    }
}
