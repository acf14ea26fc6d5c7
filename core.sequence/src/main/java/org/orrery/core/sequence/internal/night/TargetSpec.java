package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.util.List;

import org.orrery.sky.Coordinates;
import org.orrery.sky.Twilight;

/**
 * A {@code target} step as the night's logic sees it (parsed from the validated step by
 * {@link TargetSpecs#parse}); its {@code start}, {@code main} and {@code end} child steps stay
 * with the interpreter.
 *
 * @param stepId the step's id
 * @param name the target's name (what the frames' OBJECT says, and the {@code TargetStore} key source)
 * @param j2000 its J2000 coordinates (given, or resolved from the catalog when the document was accepted)
 * @param priority 1 (low) to 5 (critical), default 2, as task priorities
 * @param dependsOn ids of target steps that must be complete (or completed) first
 * @param constraints when it may run
 * @param plan the exposure plan, in document order
 * @param planOrder {@code by_filter} (all frames of an entry, then the next) or {@code cycle}
 *        (one frame of each entry in turn: L R G B L R G B …)
 */
public record TargetSpec(String stepId, String name, Coordinates j2000, int priority, List<String> dependsOn,
        Constraints constraints, List<PlanEntry> plan, String planOrder) {

    public TargetSpec {
        dependsOn = List.copyOf(dependsOn);
        plan = List.copyOf(plan);
    }

    /**
     * The target's constraints; every null part is not checked.
     *
     * @param minAltitude degrees the target must be above
     * @param aboveHorizon whether it must be above the site's horizon line
     * @param twilight the sun must be below this twilight's altitude (e.g. astronomical: −18°)
     * @param minMoonSeparation degrees between the moon and the target, at least (checked only while the moon is up)
     * @param maxMoonIllumination 0..1, at most (checked only while the moon is up)
     * @param from not before this instant
     * @param until not after this instant
     * @param meridianBeforeMinutes the target may run from this many minutes before its meridian transit
     * @param meridianAfterMinutes until this many minutes after it
     */
    public record Constraints(Double minAltitude, boolean aboveHorizon, Twilight twilight, Double minMoonSeparation,
            Double maxMoonIllumination, Instant from, Instant until, Double meridianBeforeMinutes,
            Double meridianAfterMinutes) {

        public static final Constraints NONE = new Constraints(null, false, null, null, null, null, null, null, null);
    }

    /**
     * One entry of the exposure plan.
     *
     * @param key the accounting key: the entry's {@code id}, else {@code <filter|none>-<exposure>s-<bin>x<bin>}
     *        (e.g. {@code L-60s-1x1}, {@code none-300s-2x2}; the exposure written as in the document)
     * @param filter the filter name, or null (the wheel is not moved)
     * @param exposureSeconds seconds per frame
     * @param count frames desired (accepted frames count towards it)
     * @param binning binning (1 by default)
     * @param gain camera gain, or null (the camera's)
     * @param offset camera offset, or null
     * @param frameType {@code light} by default
     */
    public record PlanEntry(String key, String filter, double exposureSeconds, int count, int binning, Integer gain,
            Integer offset, String frameType) {
    }
}
