package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.orrery.core.sequence.internal.night.ConstraintCheck;
import org.orrery.core.sequence.internal.night.PlannerDecision;
import org.orrery.core.sequence.internal.night.PlannerInput;
import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sequence.TargetStore;

/**
 * What the runner's target steps ask of the outside: the sky, the target store (optional
 * services, so suppliers), whether a target is viable (the constraints) and the planner.
 *
 * @param sky the sky, catalog and clock
 * @param store the target store, or null when none is installed
 * @param viability the target constraints
 * @param planner a {@code targets} container's planner
 */
record Night(SkyView sky, Supplier<TargetStore> store, Viability viability,
        Function<PlannerInput, PlannerDecision> planner) {

    /** The constraints of a target, as the runner asks them. */
    interface Viability {
        /** Why the target may not run at that instant, or null when it may. */
        String whyNot(TargetSpec target, Instant at);

        /** The first instant from {@code from} to {@code until} at which it may run, or null if none. */
        Instant nextViable(TargetSpec target, Instant from, Instant until);
    }

    /** Every target always viable. */
    static final Viability ALWAYS = new Viability() {
        @Override
        public String whyNot(TargetSpec target, Instant at) {
            return null;
        }

        @Override
        public Instant nextViable(TargetSpec target, Instant from, Instant until) {
            return from;
        }
    };

    /** The planner's constraint check, as the runner asks it. */
    static Viability of(ConstraintCheck check) {
        return new Viability() {
            @Override
            public String whyNot(TargetSpec target, Instant at) {
                ConstraintCheck.Viability v = check.check(target, at);
                return v.viable() ? null : v.reason();
            }

            @Override
            public Instant nextViable(TargetSpec target, Instant from, Instant until) {
                return check.nextViable(target, from, until).orElse(null);
            }
        };
    }

    Optional<TargetStore> targetStore() {
        return Optional.ofNullable(store.get());
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

    /** {@code 23:14Z}, as the reasons write times. */
    static String hhmm(Instant at) {
        return HH_MM.format(at);
    }
}
