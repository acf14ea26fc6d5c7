package org.orrery.core.scheduler.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.orrery.task.Action;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One installed action: its name and re-run safety, known from its service properties
 * ({@link ActionProperties}) or from the object, and the object itself, got from the service
 * registry on first use (DS activates the action's component, and what it references, then).
 * The first object got is checked against the properties; one that says otherwise refuses the
 * action. Never got under the engine's lock (activation runs code of other bundles): the
 * dispatcher asks for it ({@link #fetching()}) and a worker gets it.
 */
final class ActionProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    final String name;
    final String bundle;
    /** From the properties; null when the object is at hand from the start. */
    private final Boolean declaredSafe;
    private final Supplier<Action> source;
    private final Consumer<Action> release;
    private volatile Action action;
    private volatile String refusal;
    /** Under the engine's lock: a worker is getting the object for the dispatcher. */
    private boolean fetching;

    private ActionProvider(String name, String bundle, Boolean declaredSafe, Supplier<Action> source, Consumer<Action> release) {
        this.name = name;
        this.bundle = bundle;
        this.declaredSafe = declaredSafe;
        this.source = source;
        this.release = release;
    }

    /** An action object at hand (a test's, or one registered without {@link ActionProperties}). */
    static ActionProvider of(Action action, String bundle, Consumer<Action> release) {
        ActionProvider p = new ActionProvider(action.name(), bundle, null, () -> action, release);
        p.action = action;
        return p;
    }

    /** An action known by its properties, got from {@code source} when first needed. */
    static ActionProvider declared(String name, boolean safeToRerun, String bundle, Supplier<Action> source,
            Consumer<Action> release) {
        return new ActionProvider(name, bundle, safeToRerun, source, release);
    }

    /**
     * The action, got on the first call (its component activates) and checked against its
     * properties. Not under the engine's lock.
     *
     * @throws TaskException when it cannot be got, or says another name or re-run safety than its
     *         properties: it is refused
     */
    Action action() throws TaskException {
        Action a = action;
        if (a != null) {
            return a;
        }
        synchronized (this) {
            if (action == null && refusal == null) {
                Action got;
                try {
                    got = source.get();
                } catch (RuntimeException e) {
                    got = null;
                    refusal = "its component could not be activated (" + e + ")";
                }
                if (got != null) {
                    refusal = mismatch(got);
                    if (refusal == null) {
                        action = got;
                        return got;
                    }
                    release(got);
                } else if (refusal == null) {
                    refusal = "its component could not be activated (see the log) or its service is gone";
                }
                LOG.error("Action '{}' of {} refused: {}", name, bundle, refusal);
            }
            if (action != null) {
                return action;
            }
            throw new TaskException("action '" + name + "' of " + bundle + " cannot be used: " + refusal,
                    org.orrery.task.Severity.HIGH, false);
        }
    }

    private String mismatch(Action got) {
        String actual = got.name();
        if (!name.equals(actual)) {
            return "its service property " + ActionProperties.NAME + " says '" + name + "' but its name() says '" + actual
                    + "' (use one constant for both)";
        }
        if (declaredSafe != null && declaredSafe != got.safeToRerun()) {
            return "its service property " + ActionProperties.SAFE_TO_RERUN + " says " + declaredSafe
                    + " but its safeToRerun() says " + got.safeToRerun() + " (use one constant for both)";
        }
        return null;
    }

    /** The action if it was got already, else null (nothing is activated). */
    Action obtained() {
        return action;
    }

    /** Whether an interrupted attempt may run again: from the properties, else from the object at hand. */
    boolean safeToRerun() {
        return declaredSafe != null ? declaredSafe : action.safeToRerun();
    }

    /** Under the engine's lock: true the first time the dispatcher needs the object while nobody gets it. */
    boolean fetching() {
        if (fetching || action != null || refusal != null) {
            return false;
        }
        fetching = true;
        return true;
    }

    /** Under the engine's lock, after a worker tried to get the object. */
    void fetched() {
        fetching = false;
    }

    /** The action went away: the object got (if any) is given back to the registry. */
    void release() {
        Action a = action;
        if (a != null) {
            release(a);
        }
    }

    private void release(Action a) {
        try {
            release.accept(a);
        } catch (RuntimeException e) {
            LOG.debug("Action '{}' of {}: giving its object back failed: {}", name, bundle, e.toString());
        }
    }
}
