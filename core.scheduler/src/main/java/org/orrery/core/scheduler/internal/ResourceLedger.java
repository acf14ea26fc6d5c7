package org.orrery.core.scheduler.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Action;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskSpec;

/**
 * Who holds which resource. Claims are taken all together or not at all, so no task ever holds
 * one resource while waiting for another (no deadlock). Shared ({@code READ}) claims share a
 * resource up to its configured capacity, and without one without limit; {@code WRITE} and
 * {@code EXCLUSIVE} claims take it alone. An exclusive claim that cannot be served reserves the
 * resource for the rest of the dispatch pass: the tasks after it in the pass (younger or of lower
 * priority) get no shared claim on it, so a stream of readers cannot starve a writer (a waiting
 * writer blocks new readers; the readers that hold it finish, then it runs). Reservations last one
 * pass only ({@link #startPass()}): kept longer, two waiting tasks could each reserve what the
 * other needs and wait for ever (found by the property tests). Not thread-safe: the engine's lock
 * guards it.
 */
final class ResourceLedger {

    /** The capacity of a resource none is configured for: readers share it without limit. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private static final class Use {
        long sharedUnits;
        boolean exclusive;
        Object reservedBy;
        /** The holders and their claims, in the order they took it. */
        final Map<Object, ResourceClaim> holders = new LinkedHashMap<>(4);

        boolean unused() {
            return !exclusive && sharedUnits == 0 && reservedBy == null;
        }
    }

    private Map<String, Integer> capacities;
    private final Map<String, Use> uses = new HashMap<>();

    ResourceLedger(Map<String, Integer> capacities) {
        capacities(capacities);
    }

    /** The capacities, with the machine's for the {@link Requirements} resources not given. */
    void capacities(Map<String, Integer> next) {
        capacities = Requirements.withMachineDefaults(next);
    }

    /** How many units shared claims may hold together: as configured (0 for GPU memory not configured), else {@link #UNLIMITED}. */
    int capacity(String name) {
        Integer c = capacities.get(name);
        return c == null ? UNLIMITED : Math.max(0, c);
    }

    /** The configured capacities (the machine's for the requirement resources), by name. */
    Map<String, Integer> capacities() {
        return capacities;
    }

    /**
     * Takes every claim for {@code holder}, or none. When an exclusive claim is what fails,
     * the resource is reserved for {@code holder}.
     */
    boolean tryAcquire(Object holder, List<ResourceClaim> claims) {
        for (ResourceClaim claim : claims) {
            Use use = uses.get(claim.name());
            if (use == null) {
                if (!claim.mode().exclusive() && claim.amount() > capacity(claim.name())) {
                    return false; // can never fit; the engine refuses such tasks at submission
                }
                continue;
            }
            boolean reservedForOther = use.reservedBy != null && use.reservedBy != holder;
            if (claim.mode().exclusive()) {
                if (use.exclusive || use.sharedUnits > 0 || reservedForOther) {
                    if (use.reservedBy == null) {
                        use.reservedBy = holder;
                    }
                    return false;
                }
            } else if (use.exclusive || reservedForOther || use.sharedUnits + claim.amount() > capacity(claim.name())) {
                return false;
            }
        }
        for (ResourceClaim claim : claims) {
            Use use = uses.computeIfAbsent(claim.name(), n -> new Use());
            if (use.reservedBy == holder) {
                use.reservedBy = null;
            }
            if (claim.mode().exclusive()) {
                use.exclusive = true;
            } else {
                use.sharedUnits += claim.amount();
            }
            use.holders.put(holder, claim);
        }
        return true;
    }

    /** Forgets every reservation: called at the start of each dispatch pass. */
    void startPass() {
        uses.values().removeIf(use -> {
            use.reservedBy = null;
            return use.unused();
        });
    }

    /** Gives back what {@link #tryAcquire} took for {@code holder}. */
    void release(Object holder, List<ResourceClaim> claims) {
        for (ResourceClaim claim : claims) {
            Use use = uses.get(claim.name());
            if (use == null || use.holders.remove(holder) == null) {
                continue;
            }
            if (claim.mode().exclusive()) {
                use.exclusive = false;
            } else {
                use.sharedUnits = Math.max(0, use.sharedUnits - claim.amount());
            }
            if (use.unused()) {
                uses.remove(claim.name());
            }
        }
    }

    /** Drops the reservations of a holder that no longer waits (started elsewhere, cancelled, paused). */
    void forget(Object holder) {
        uses.values().removeIf(use -> {
            if (use.reservedBy == holder) {
                use.reservedBy = null;
            }
            return use.unused();
        });
    }

    /** True when nothing is held or reserved. */
    boolean idle() {
        return uses.isEmpty();
    }

    /** Who holds what, for tests and diagnostics: name → "exclusive" or "shared n". */
    Map<String, String> holdings() {
        Map<String, String> out = new HashMap<>();
        uses.forEach((name, use) -> {
            if (use.exclusive) {
                out.put(name, "exclusive");
            } else if (use.sharedUnits > 0) {
                out.put(name, "shared " + use.sharedUnits);
            }
        });
        return out;
    }

    /** The holders of every resource held now and their claims, in the order they took it; by name. */
    Map<String, Map<Object, ResourceClaim>> holders() {
        Map<String, Map<Object, ResourceClaim>> out = new HashMap<>();
        uses.forEach((name, use) -> {
            if (!use.holders.isEmpty()) {
                out.put(name, new LinkedHashMap<>(use.holders));
            }
        });
        return out;
    }

    /**
     * What a task claims: its own claims, its action's (none for a null action: an agent's task)
     * and its {@link Requirements}, the stronger of two on the same resource (one claim per
     * resource: the ledger keeps one claim per holder and resource).
     */
    static List<ResourceClaim> claimsOf(TaskSpec spec, Action action) {
        List<ResourceClaim> fromAction;
        try {
            fromAction = action == null ? List.of() : action.resources(spec.parameters());
        } catch (RuntimeException ex) {
            fromAction = List.of();
        }
        List<ResourceClaim> required = Requirements.claims(spec);
        if (fromAction.isEmpty() && required.isEmpty() && spec.resources().size() <= 1) {
            return spec.resources();
        }
        Map<String, ResourceClaim> merged = new LinkedHashMap<>();
        for (ResourceClaim c : fromAction) {
            merged.merge(c.name(), c, ResourceLedger::stronger);
        }
        for (ResourceClaim c : required) {
            merged.merge(c.name(), c, ResourceLedger::stronger);
        }
        for (ResourceClaim c : spec.resources()) {
            merged.merge(c.name(), c, ResourceLedger::stronger);
        }
        return List.copyOf(merged.values());
    }

    private static ResourceClaim stronger(ResourceClaim a, ResourceClaim b) {
        if (a.mode().exclusive() || b.mode().exclusive()) {
            return new ResourceClaim(a.name(), type(a, b), ResourceClaim.Mode.EXCLUSIVE, 1);
        }
        return new ResourceClaim(a.name(), type(a, b), ResourceClaim.Mode.READ, Math.max(a.amount(), b.amount()));
    }

    /** The type of two claims on one resource: the first's, unless it is the default and the second's is not. */
    private static ResourceClaim.Type type(ResourceClaim a, ResourceClaim b) {
        return a.type() == ResourceClaim.Type.CUSTOM ? b.type() : a.type();
    }
}
