package org.orrery.core.sequence.internal.night;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.orrery.sky.Coordinates;

/** Target specs for tests. */
final class Targets {

    private Targets() {
    }

    static TargetSpec target(String id, Coordinates at, TargetSpec.Constraints c) {
        return new TargetSpec(id, id.toUpperCase(java.util.Locale.ROOT), at, 2, List.of(), c,
                List.of(entry("L", 20)), "by_filter");
    }

    static TargetSpec withPriority(TargetSpec t, int priority) {
        return new TargetSpec(t.stepId(), t.name(), t.j2000(), priority, t.dependsOn(), t.constraints(), t.plan(),
                t.planOrder());
    }

    static TargetSpec dependingOn(TargetSpec t, String... ids) {
        return new TargetSpec(t.stepId(), t.name(), t.j2000(), t.priority(), List.of(ids), t.constraints(), t.plan(),
                t.planOrder());
    }

    static TargetSpec.PlanEntry entry(String filter, int count) {
        return new TargetSpec.PlanEntry(filter + "-60s-1x1", filter, 60, count, 1, null, null, "light");
    }

    static TargetSpec.Constraints minAltitude(double degrees) {
        return new TargetSpec.Constraints(degrees, false, null, null, null, null, null, null, null);
    }

    /** {@code actual} is {@code expected} or up to a minute later (the searches' resolution). */
    static void assertWithinAMinuteAfter(Instant expected, Instant actual) {
        assertTrue(!actual.isBefore(expected) && !actual.isAfter(expected.plusSeconds(60)),
                "expected " + expected + " to a minute, was " + actual);
    }
}
