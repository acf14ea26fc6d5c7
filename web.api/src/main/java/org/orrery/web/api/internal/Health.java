package org.orrery.web.api.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether Orrery is ready: every Orrery bundle is active, no bundle failed to
 * resolve, and every enabled DS component is satisfied. Pure logic over snapshots, so it is
 * tested without a framework.
 */
final class Health {

    static final String ORRERY_PREFIX = "org.orrery.";
    /** The bundle of the durable task store. */
    static final String STORE_BUNDLE = "org.orrery.store.jdbc";

    enum BundleStatus { INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING }

    /** What health needs to know of a bundle. */
    record BundleFact(String symbolicName, String version, BundleStatus status, boolean fragment, boolean lazy) {
    }

    /** What health needs to know of a component configuration (or of a component that has none). */
    record ComponentFact(String name, String bundle, String state, List<String> unsatisfiedReferences) {
        boolean satisfied() {
            return "ACTIVE".equals(state) || "SATISFIED".equals(state) || "WAITING_FOR_CONFIGURATION".equals(state);
        }
    }

    /**
     * The verdict.
     *
     * @param ready true when nothing is missing
     * @param bundles how many bundles are installed (fragments included)
     * @param activeBundles how many of them are active
     * @param components how many component configurations were looked at
     * @param missing one line per thing that is not ready, saying what it is and why
     */
    record Report(boolean ready, int bundles, int activeBundles, int components, List<String> missing) {

        /** This report, not ready, with {@code why} named first. */
        Report notReadyBecause(String why) {
            List<String> all = new ArrayList<>();
            all.add(why);
            all.addAll(missing);
            return new Report(false, bundles, activeBundles, components, List.copyOf(all));
        }
    }

    /** Why health waits while the system bundle is not active: the framework has not reached its start level. */
    static final String FRAMEWORK_STARTING = "the framework is still starting bundles (its start level is not reached"
            + " yet: the Web Console and drivers at later start levels may not be there)";

    private Health() {
    }

    /**
     * Why there is no task store, in words, from the state of its bundle (null: not installed):
     * what the REST API answers (503) while the store is away, and the first line of health.
     */
    static String storeUnavailable(BundleStatus status) {
        String bundle = "the task store (bundle " + STORE_BUNDLE + ")";
        String state;
        if (status == null) {
            state = "is not installed";
        } else {
            state = switch (status) {
                case ACTIVE -> "is running but has not opened its database (the log says why: e.g. a database server"
                        + " that cannot be reached, a wrong password, a locked or corrupt file; it keeps trying)";
                case STARTING -> "is starting";
                case STOPPING -> "is stopping";
                case RESOLVED -> "is stopped";
                case INSTALLED -> "is not resolved (a requirement is missing)";
            };
        }
        return "store unavailable: " + bundle + " " + state + "; submissions are refused until it returns";
    }

    /** The bundle of the sequence service. */
    static final String SEQUENCE_BUNDLE = "org.orrery.core.sequence";

    static Report evaluate(List<BundleFact> bundles, List<ComponentFact> components) {
        return evaluate(bundles, components, true, true);
    }

    /**
     * The verdict, with the task store: when its bundle is installed but no {@code TaskStore}
     * service is registered, the store is named first (the scheduler, which needs it, is missing too).
     */
    static Report evaluate(List<BundleFact> bundles, List<ComponentFact> components, boolean storeRegistered,
            boolean schedulerBound) {
        return evaluate(bundles, components, storeRegistered, schedulerBound, true);
    }

    /**
     * As above, with the sequence service: when the sequence bundle is active but its
     * {@code SequenceManager} is not bound yet (it is registered a moment after its component is
     * satisfied), the API's sequence routes would still answer 503, so it is not ready.
     */
    static Report evaluate(List<BundleFact> bundles, List<ComponentFact> components, boolean storeRegistered,
            boolean schedulerBound, boolean sequencesBound) {
        List<String> missing = new ArrayList<>();
        if (!sequencesBound && storeRegistered && schedulerBound && bundles.stream()
                .anyMatch(b -> SEQUENCE_BUNDLE.equals(b.symbolicName()) && b.status() == BundleStatus.ACTIVE)) {
            missing.add("the sequence service is not running yet (it starts once the scheduler and the sequence store"
                    + " are there and its unfinished sequences are taken up)");
        }
        if (!storeRegistered) {
            bundles.stream().filter(b -> STORE_BUNDLE.equals(b.symbolicName())).findFirst()
                    .ifPresent(store -> missing.add(storeUnavailable(store.status())));
        }
        if (!schedulerBound && storeRegistered) {
            missing.add("the scheduler is not running yet (it starts once the task store is open and its unfinished"
                    + " tasks are taken up)");
        }
        int active = 0;
        for (BundleFact bundle : bundles) {
            if (bundle.status() == BundleStatus.ACTIVE) {
                active++;
                continue;
            }
            if (bundle.fragment()) {
                continue;
            }
            String name = bundle.symbolicName() + " " + bundle.version();
            if (bundle.status() == BundleStatus.INSTALLED) {
                missing.add("bundle " + name + " is not resolved (a requirement is missing)");
            } else if (bundle.symbolicName().startsWith(ORRERY_PREFIX)
                    && !(bundle.status() == BundleStatus.STARTING && bundle.lazy())) {
                missing.add("bundle " + name + " is " + bundle.status().name().toLowerCase() + ", not active");
            }
        }
        for (ComponentFact component : components) {
            if (!component.satisfied()) {
                String why = component.unsatisfiedReferences().isEmpty() ? ""
                        : " (missing " + String.join(", ", component.unsatisfiedReferences()) + ")";
                missing.add("component " + component.name() + " of " + component.bundle() + " is "
                        + component.state().toLowerCase().replace('_', ' ') + why);
            }
        }
        return new Report(missing.isEmpty(), bundles.size(), active, components.size(), List.copyOf(missing));
    }
}
