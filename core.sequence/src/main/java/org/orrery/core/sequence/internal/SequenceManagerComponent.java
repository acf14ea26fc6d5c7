package org.orrery.core.sequence.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.orrery.platform.OrreryHome;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StepType;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;
import org.orrery.sequence.TemplateInfo;
import org.orrery.sky.Catalog;
import org.orrery.sky.Sky;
import org.orrery.sky.SkyClock;
import org.orrery.core.sequence.internal.night.ConstraintCheck;
import org.orrery.core.sequence.internal.night.Planner;
import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.orrery.device.SafetyMonitor;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link SequenceManager}: documents are parsed and validated by the document
 * classes, run by a {@link SequenceRunner} on one thread of its own ({@code orrery-sequences})
 * and kept in the {@link SequenceStore}. Activation takes up every unfinished sequence;
 * deactivation stops the thread and its timers and leaves the sequences as stored.
 */
@Component(service = SequenceManager.class, immediate = true, configurationPid = SequenceManagerComponent.PID)
@Designate(ocd = SequenceManagerComponent.Config.class)
public final class SequenceManagerComponent implements SequenceManager {

    static final String PID = "org.orrery.sequence";
    /** How long the runner's thread outlives its last work (it starts again with the next). */
    static final Duration ACTOR_IDLE = Duration.ofSeconds(10);

    @ObjectClassDefinition(name = "Orrery sequences", description = "How Orrery runs sequences.")
    public @interface Config {
        @AttributeDefinition(name = "Safety silence (s)", description = "A safety monitor that has not reported"
                + " for longer is unsafe (safety.safe in conditions).")
        int safety_silence_seconds() default 300;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SequenceManagerComponent.class);

    private final SequenceStore store;
    private final Scheduler scheduler;
    private final Map<String, StepType> stepTypes = new ConcurrentHashMap<>();
    private final DocumentValidator validator;
    private final ScheduledThreadPoolExecutor thread = actorThread();
    /** The sky clock's time when one is bound, else the system's. */
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            SkyClock sky = skyClock;
            return sky == null ? java.time.Instant.now() : sky.now();
        }
    };
    private final SequenceRunner runner;
    private final OrreryHome home;
    private final Templates templates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SkyClock skyClock;
    /** Got when a night rule, a target or a preview first needs them (the catalog loads its file then). */
    final BoundService<Sky> sky = new BoundService<>();
    final BoundService<Catalog> catalog = new BoundService<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile TargetStore targetStore;
    private final List<SafetyMonitor> safetyMonitors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration safetySilence = Duration.ofSeconds(300);
    private final NightPreviews previews = new NightPreviews(() -> SkyView.of(sky.get(), catalog.get(), skyClock),
            () -> targetStore, org.orrery.core.sequence.internal.night.TargetSpecs::parse);

    @Activate
    public SequenceManagerComponent(BundleContext context, @Reference(name = "scheduler") Scheduler scheduler,
            @Reference(name = "store") SequenceStore store) {
        this.store = store;
        this.scheduler = scheduler;
        String homeProperty = context == null ? null : context.getProperty(OrreryHome.PROPERTY);
        this.home = homeProperty == null || homeProperty.isBlank() ? null : OrreryHome.fromProperty(homeProperty);
        this.templates = new Templates(templateFolder());
        this.validator = new DocumentValidator(scheduler::actions, type -> Optional.ofNullable(stepTypes.get(type)),
                new TargetRules.Services(() -> Optional.ofNullable(catalog.get()), () -> targetStore != null));
        WakeTimer timer = new WakeTimer() {
            @Override
            public void at(Instant at, Runnable task) {
                thread.schedule(task, realMillis(Duration.between(clock.instant(), at)), TimeUnit.MILLISECONDS);
            }

            @Override
            public Runnable afterReal(Duration real, Runnable task) {
                java.util.concurrent.Future<?> f = thread.schedule(task, real.toMillis(), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
        ConstraintCheck constraints = new ConstraintCheck(skyView());
        Night night = new Night(constraints.view(), () -> targetStore, Night.of(constraints),
                new Planner(constraints)::decide);
        Safety safety = new Safety(() -> List.copyOf(safetyMonitors), () -> safetySilence, clock.instant());
        this.runner = new SequenceRunner(store, scheduler, this::post, thread, timer,
                new Interpreter(clock, new Language(), night, safety));
        runner.onDecisions(this::post);
    }

    /** The sky, catalog and clock bound now. */
    private SkyView skyView() {
        return SkyView.dynamic(sky, catalog, clock::instant);
    }

    /** A clock duration in real milliseconds (the sky clock may run faster). */
    private long realMillis(Duration onClock) {
        SkyClock sky = skyClock;
        Duration real = sky == null ? onClock : sky.realDuration(onClock);
        return Math.max(0, real.toMillis());
    }

    /**
     * Takes up the unfinished sequences. Not in the constructor: DS binds the dynamic references
     * (the Event Admin, the step types) after the constructor and before this, so the events of
     * the recovery are posted.
     */
    @Activate
    void activate(Config config) {
        modified(config);
        activate();
    }

    @Modified
    void modified(Config config) {
        safetySilence = Duration.ofSeconds(Math.max(1, config.safety_silence_seconds()));
    }

    void activate() {
        try {
            runner.recover();
        } catch (TaskException | RuntimeException e) {
            LOG.error("Unfinished sequences could not be taken up: {}", e.getMessage(), e);
        }
    }

    /**
     * The runner's one thread; its timers die with it (a wait of an hour must not hold a deactivation).
     * It starts with the first work and ends after {@link #ACTOR_IDLE} without work or a timer
     * waiting, so a runtime with no sequence running has no such thread.
     */
    private static ScheduledThreadPoolExecutor actorThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "orrery-sequences");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(ACTOR_IDLE.toMillis(), TimeUnit.MILLISECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Has deactivation ended the runner's thread? */
    boolean stopped() {
        return thread.isTerminated();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        runner.close();
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }

    @Reference(service = Sky.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindSky")
    void bindSky(ComponentServiceObjects<Sky> objects) {
        sky.bind(objects);
    }

    void unbindSky(ComponentServiceObjects<Sky> objects) {
        sky.unbind(objects);
    }

    @Reference(service = Catalog.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindCatalog")
    void bindCatalog(ComponentServiceObjects<Catalog> objects) {
        catalog.bind(objects);
    }

    void unbindCatalog(ComponentServiceObjects<Catalog> objects) {
        catalog.unbind(objects);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStepType(StepType type) {
        stepTypes.put(type.type(), type);
    }

    void removeStepType(StepType type) {
        stepTypes.remove(type.type(), type);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSafetyMonitor(SafetyMonitor monitor) {
        safetyMonitors.add(monitor);
    }

    void removeSafetyMonitor(SafetyMonitor monitor) {
        safetyMonitors.remove(monitor);
    }


    private void post(SequenceEvent event) {
        post(event, null);
    }

    private void post(SequenceEvent event, TargetDecision decision) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = SequenceEvents.properties(event);
            if (decision != null) {
                properties.put(SequenceEvent.PROPERTY_DECISION, decision.toMap());
            }
            admin.postEvent(new Event(event.type().topic(), properties));
        }
    }

    /** The home's folder of template files, or null outside the launcher. */
    Path templateFolder() {
        return home == null ? null : home.etc().resolve("templates");
    }

    // ------------------------------------------------------------------ documents

    @Override
    public String schema() {
        return DocumentValidator.schema();
    }

    @Override
    public List<SequenceProblem> validate(String text, DocumentFormat format) {
        try {
            return validator.problems(DocumentText.parse(text, format));
        } catch (SequenceValidationException e) {
            return e.problems();
        }
    }

    @Override
    public List<SequenceProblem> validateFile(Path file) {
        try {
            return validate(Files.readString(file), DocumentFormat.of(file));
        } catch (IOException e) {
            return List.of(new SequenceProblem("", 0, 0, "cannot read " + file + ": " + e));
        }
    }

    @Override
    public String convert(String text, DocumentFormat from, DocumentFormat to) throws SequenceValidationException {
        return DocumentText.convert(text, from, to);
    }

    @Override
    public SequenceInfo create(String text, DocumentFormat format) throws TaskException {
        return create(DocumentText.parse(text, format), null);
    }

    @Override
    public SequenceInfo create(Map<String, Object> document) throws TaskException {
        return create(ParsedDocument.of(document), null);
    }

    private SequenceInfo create(ParsedDocument parsed, String template) throws TaskException {
        ValidatedDocument valid = validator.validate(parsed);
        return runner.create(runner.codec().fresh(UUID.randomUUID().toString(), valid.document(), valid.plan(),
                template, clock.instant()));
    }

    @Override
    public SequenceInfo loadSequenceFromFile(Path file) throws TaskException {
        try {
            return create(Files.readString(file), DocumentFormat.of(file));
        } catch (IOException e) {
            throw new TaskParameterException("cannot read sequence file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void saveSequence(String id, Path file) throws TaskException {
        String text = export(id, DocumentFormat.of(file));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new TaskException("cannot write sequence " + id + " to " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String export(String id, DocumentFormat format) throws TaskException {
        return DocumentText.write(info(id).document(), format);
    }

    // ------------------------------------------------------------------ templates

    @Override
    public List<TemplateInfo> templates() {
        return templates.list();
    }

    @Override
    public Optional<TemplateInfo> template(String name) {
        return templates.get(name);
    }

    @Override
    public SequenceInfo createSequenceFromTemplate(String template, Map<String, Object> parameters)
            throws TaskException {
        return create(ParsedDocument.of(templates.instantiate(template, parameters)), template);
    }

    // ------------------------------------------------------------------ running

    @Override
    public SequenceInfo start(String id) throws TaskException {
        return runner.start(id);
    }

    @Override
    public SequenceInfo executeSequence(String id, boolean async) throws TaskException, InterruptedException {
        CompletionStage<SequenceInfo> finished = async ? null : runner.whenFinished(id);
        SequenceInfo started = runner.start(id);
        if (async) {
            return started;
        }
        try {
            return finished.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TaskException t ? t : new TaskException(e.getCause().toString());
        }
    }

    @Override
    public CompletionStage<SequenceInfo> whenFinished(String id) {
        return runner.whenFinished(id);
    }

    @Override
    public SequenceInfo pause(String id, PauseMode mode) throws TaskException {
        return runner.pause(id, mode == null ? PauseMode.DEFERRED : mode);
    }

    @Override
    public SequenceInfo resume(String id) throws TaskException {
        return runner.resume(id);
    }

    @Override
    public SequenceInfo stop(String id) throws TaskException {
        return runner.stop(id);
    }

    @Override
    public SequenceInfo skipToEnd(String id) throws TaskException {
        return runner.skipToEnd(id);
    }

    @Override
    public SequenceInfo halt(String id) throws TaskException {
        return runner.halt(id);
    }

    @Override
    public void delete(String id) throws TaskException {
        runner.delete(id);
    }

    @Override
    public Optional<SequenceInfo> get(String id) {
        try {
            return runner.get(id);
        } catch (TaskException e) {
            LOG.warn("Sequence {} could not be read: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    private SequenceInfo info(String id) throws TaskException {
        return runner.get(id).orElseThrow(() -> new SequenceNotFoundException("no sequence '" + id + "'"));
    }

    @Override
    public SequencePage list(Set<SequenceState> states, String cursor, int limit) throws TaskException {
        if (limit < 1 || limit > 1000) {
            throw new TaskParameterException("limit: expected 1 to 1000, found " + limit);
        }
        List<StoredSequence> page = store.list(states == null ? Set.of() : states, cursor, limit + 1);
        boolean more = page.size() > limit;
        List<StoredSequence> shown = more ? page.subList(0, limit) : page;
        return new SequencePage(runner.infos(shown), more ? shown.get(shown.size() - 1).id() : null);
    }

    @Override
    public List<TargetDecision> decisions(String id, long afterIndex, int limit) throws TaskException {
        if (limit < 1 || limit > 1000) {
            throw new TaskParameterException("limit: expected 1 to 1000, found " + limit);
        }
        return runner.decisions(id, afterIndex, limit);
    }

    @Override
    public org.orrery.sequence.NightPreview preview(String id, java.time.Instant from, java.time.Instant until)
            throws TaskException {
        StoredSequence stored = store.get(id).orElseThrow(() -> new SequenceNotFoundException("no sequence '" + id
                + "'"));
        return previews.preview(stored, from, until);
    }
}
