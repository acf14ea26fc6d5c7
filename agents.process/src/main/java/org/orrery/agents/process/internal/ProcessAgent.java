package org.orrery.agents.process.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.orrery.agent.Agent;
import org.orrery.platform.OrreryHome;
import org.orrery.task.ActionContext;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process agent: runs the programs of its allow list ({@link AllowedProgram}s) as tasks, with
 * arguments from the parameters, never through a shell. See the module README.
 */
@Component(name = ProcessAgent.PID, configurationPid = ProcessAgent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Agent.class)
@Designate(ocd = ProcessAgent.Config.class)
public final class ProcessAgent implements Agent {

    static final String PID = "org.orrery.agents.process";
    static final String TYPE = "process";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessAgent.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ObjectClassDefinition(id = PID, name = "Orrery process agent",
            description = "A local agent that runs allow-listed programs (org.orrery.agents.process.program entries).")
    public @interface Config {

        @AttributeDefinition(name = "Agent id", description = "Unique among agents; [A-Za-z0-9._-], 1 to 64.")
        String id() default "process";

        @AttributeDefinition(name = "Capabilities", description = "What tasks name in 'capability' to run here.")
        String[] capabilities() default {"process"};

        @AttributeDefinition(name = "Concurrency", description = "Programs run at once.", min = "1")
        int concurrency() default 2;

        @AttributeDefinition(name = "Working root", required = false, description = "Every working folder is under "
                + "it: an absolute path, or relative to ORRERY_HOME. Default data/work.")
        String working_root() default "data/work";

        @AttributeDefinition(name = "Default time limit (s)", min = "0")
        double default_time_limit_seconds() default 600;

        @AttributeDefinition(name = "Longest time limit (s)", description = "The most a task may ask for.", min = "0")
        double max_time_limit_seconds() default 86_400;

        @AttributeDefinition(name = "Output kept (bytes)", description = "Of stdout and of stderr each: "
                + "the first and the last half; the rest is dropped with a note.", min = "2")
        int output_limit_bytes() default 1 << 20;

        @AttributeDefinition(name = "Variables a task may not set", description = "Names; NAME* is a prefix.")
        String[] env_deny() default {"LD_*", "DYLD_*", "BASH_ENV", "ENV", "SHELLOPTS", "PERL5OPT", "PYTHONSTARTUP",
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"};

        @AttributeDefinition(name = "Variables passed on", description = "Of the runtime's environment; no other is.")
        String[] env_inherit() default {"PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR"};

        @AttributeDefinition(name = "Retry on exit codes", required = false,
                description = "Exit codes after which the failure is retryable (the task's retry policy applies).")
        String[] retry_on_exit_codes() default {};

        @AttributeDefinition(name = "Re-runnable programs", required = false, description = "Programs (task types) "
                + "that may simply run again when the agent went away mid-run.")
        String[] safe_to_rerun() default {};

        @AttributeDefinition(name = "Kill grace (s)", description = "Between SIGTERM and SIGKILL.", min = "0")
        double kill_grace_seconds() default 5;

        @AttributeDefinition(name = "Usage sample interval (ms)", min = "10")
        int sample_interval_ms() default 200;
    }

    private final String id;
    private final Set<String> capabilities;
    private final int concurrency;
    private final ProcessSettings settings;
    private final Set<String> rerunnable;
    private final Map<String, AllowedProgram> programs = new ConcurrentHashMap<>();
    private final Set<ProcessRun> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService io;
    private final ScheduledExecutorService timer;

    @Activate
    public ProcessAgent(BundleContext bundle, Config config) {
        this(config.id(), Lists.split(config.capabilities()), config.concurrency(), settings(bundle, config),
                Lists.split(config.safe_to_rerun()));
    }

    ProcessAgent(String id, List<String> capabilities, int concurrency, ProcessSettings settings,
            List<String> rerunnable) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(PID + ": id must be 1 to 64 of [A-Za-z0-9._-], was '" + id + "'");
        }
        if (capabilities.isEmpty() || concurrency < 1) {
            throw new IllegalArgumentException(PID + ": needs at least one capability and a concurrency of 1 or more");
        }
        this.id = id;
        this.capabilities = Set.copyOf(new LinkedHashSet<>(capabilities));
        this.concurrency = concurrency;
        this.settings = settings;
        this.rerunnable = Set.copyOf(rerunnable);
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> daemon(r, "process-agent-" + id + "-io-" + n.incrementAndGet()));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "process-agent-" + id + "-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static ProcessSettings settings(BundleContext bundle, Config c) {
        Path root = Path.of(c.working_root().isBlank() ? "data/work" : c.working_root().trim());
        if (!root.isAbsolute()) {
            root = OrreryHome.fromProperty(bundle.getProperty(OrreryHome.PROPERTY)).root().resolve(root);
        }
        Set<Integer> codes = new HashSet<>();
        for (String code : Lists.split(c.retry_on_exit_codes())) {
            try {
                codes.add(Integer.parseInt(code));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PID + ": retry_on_exit_codes entry '" + code + "' is not a whole number");
            }
        }
        return new ProcessSettings(root, seconds("default_time_limit_seconds", c.default_time_limit_seconds()),
                seconds("max_time_limit_seconds", c.max_time_limit_seconds()), c.output_limit_bytes(),
                Lists.split(c.env_deny()), Lists.split(c.env_inherit()), codes,
                seconds("kill_grace_seconds", c.kill_grace_seconds()), Duration.ofMillis(Math.max(10, c.sample_interval_ms())));
    }

    private static Duration seconds(String property, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(PID + ": " + property + " must be 0 or more seconds, was " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProgram(AllowedProgram program) {
        AllowedProgram before = programs.put(program.name(), program);
        if (before != null && before != program) {
            LOG.warn("{}: two allow-list entries name program '{}'; the later one ({}) is used", id, program.name(),
                    program.executable());
        }
    }

    void removeProgram(AllowedProgram program) {
        programs.remove(program.name(), program);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public void validate(String taskType, Map<String, Object> parameters) throws TaskParameterException {
        RunRequest.read(taskType, parameters, programs, settings);
    }

    @Override
    public boolean safeToRerun(String taskType) {
        return rerunnable.contains(taskType);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        if (timer.isShutdown()) {
            throw new TaskException("process agent '" + id + "' has stopped", Severity.MEDIUM, true);
        }
        RunRequest request = RunRequest.read(context.task().action(), context.parameters(), programs, settings);
        ProcessRun run = new ProcessRun(request, context, settings, io, timer);
        running.add(run);
        try {
            run.start();
        } catch (TaskException | RuntimeException e) {
            running.remove(run);
            throw e;
        }
        CompletableFuture<Map<String, Object>> result = run.result();
        result.whenComplete((r, e) -> running.remove(run));
        return result;
    }

    /** The runs under way (for tests). */
    Set<ProcessRun> running() {
        return Set.copyOf(running);
    }

    /**
     * Ends every running process tree (SIGTERM, SIGKILL after the grace period) and the agent's
     * threads: no process and no thread is left behind.
     */
    @Deactivate
    public void deactivate() {
        TaskException why = new TaskException("process agent '" + id + "' stopped while the program ran",
                Severity.MEDIUM, true);
        Set<ProcessRun> runs = Set.copyOf(running);
        runs.forEach(run -> run.stop(why));
        long deadline = System.nanoTime() + settings.killGrace().toNanos();
        for (ProcessRun run : runs) {
            try {
                run.process().onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // killed below
            }
        }
        timer.shutdownNow();
        runs.forEach(ProcessRun::killRemaining);
        for (ProcessRun run : runs) {
            try {
                run.result().get(settings.killGrace().toMillis() + 2000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // ended with the reason, or its output is held by a process outside the tree
            }
        }
        io.shutdownNow();
        if (!runs.isEmpty()) {
            LOG.info("process agent '{}' stopped; {} running program(s) were ended", id, runs.size());
        }
    }
}
