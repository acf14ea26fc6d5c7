package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.Set;

import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sky.Coordinates;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/**
 * The {@code sky.*}, {@code target.*} and {@code safety.*} fields of conditions and macros. The
 * target is the nearest enclosing target step (the target that runs now: the latest begun);
 * outside a target {@code target.*} is missing (so a variable {@code target} still answers). A
 * field that needs the sky is missing without one.
 */
final class NightFields {

    static final Set<String> NAMES = Set.of("sky.sun.altitude", "sky.moon.altitude", "sky.moon.illumination",
            "sky.twilight", "sky.time", "target.name", "target.ra", "target.dec", "target.ra_now", "target.dec_now",
            "target.altitude", "target.azimuth", "target.hour_angle", "target.moon_separation", "safety.safe",
            "safety.safe_for", "safety.reason");

    private NightFields() {
    }

    static Object value(String field, Run run, Night night, Safety safety, Instant now) {
        Sky sky = night.sky().sky().orElse(null);
        if (field.startsWith("safety.")) {
            Safety.State s = safety.at(now);
            return switch (field) {
                case "safety.safe" -> s.safe();
                case "safety.safe_for" -> s.safeForSeconds();
                default -> s.reason();
            };
        }
        if (field.equals("sky.time")) {
            return now.toString();
        }
        if (field.startsWith("sky.")) {
            return sky == null ? Scope.MISSING : skyField(field, sky, now);
        }
        TargetSpec t = runningTarget(run);
        if (t == null) {
            return Scope.MISSING;
        }
        Coordinates j2000 = t.j2000();
        switch (field) {
            case "target.name":
                return t.name();
            case "target.ra":
                return j2000.raHours();
            case "target.dec":
                return j2000.decDegrees();
            default:
                break;
        }
        if (sky == null) {
            return Scope.MISSING;
        }
        return switch (field) {
            case "target.ra_now" -> sky.apparent(j2000, now).raHours();
            case "target.dec_now" -> sky.apparent(j2000, now).decDegrees();
            case "target.altitude" -> sky.horizontal(j2000, now).altitudeDegrees();
            case "target.azimuth" -> sky.horizontal(j2000, now).azimuthDegrees();
            case "target.hour_angle" -> sky.hourAngle(j2000, now);
            default -> sky.moonSeparation(j2000, now);
        };
    }

    private static Object skyField(String field, Sky sky, Instant now) {
        return switch (field) {
            case "sky.sun.altitude" -> sky.sun(now).altitudeDegrees();
            case "sky.moon.altitude" -> sky.moon(now).altitudeDegrees();
            case "sky.moon.illumination" -> sky.moonIllumination(now);
            default -> twilight(sky.sun(now));
        };
    }

    /** The darkest phase the sun's altitude is in: day, civil, nautical, astronomical, night. */
    static String twilight(HorizontalPosition sun) {
        double alt = sun.altitudeDegrees();
        if (alt >= Twilight.HORIZON.sunAltitude()) {
            return "day";
        }
        if (alt >= Twilight.CIVIL.sunAltitude()) {
            return "civil";
        }
        if (alt >= Twilight.NAUTICAL.sunAltitude()) {
            return "nautical";
        }
        return alt >= Twilight.ASTRONOMICAL.sunAltitude() ? "astronomical" : "night";
    }

    /** The target step that runs now (the latest begun), or null. */
    private static TargetSpec runningTarget(Run run) {
        StepRun latest = null;
        for (StepRun r : run.latest.values()) {
            if (r.state == org.orrery.sequence.StepState.RUNNING && run.plan.step(r.stepId) instanceof Step.Target
                    && (latest == null || r.order > latest.order)) {
                latest = r;
            }
        }
        return latest == null ? null : ((Step.Target) run.plan.step(latest.stepId)).spec();
    }
}
