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
    }

    private Health() {
    }

    static Report evaluate(List<BundleFact> bundles, List<ComponentFact> components) {
        List<String> missing = new ArrayList<>();
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
