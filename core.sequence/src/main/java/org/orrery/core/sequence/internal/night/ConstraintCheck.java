package org.orrery.core.sequence.internal.night;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.orrery.sky.Sky;

/**
 * Whether a target may run at a time (its {@link TargetSpec.Constraints} against the {@link Sky}
 * of a {@link SkyView}), and when that changes. Without a sky service every target is unviable.
 *
 * <p>The searches ({@link #nextViable}, {@link #viableUntil}) step through time, at least 5 clock
 * minutes at a time but further where no constraint can change sooner: each check also gives a
 * lower bound of how long its verdict must last, from the largest rate the quantities can change
 * at (an altitude by 16°/h, the moon's separation by 1°/h, its illumination by 0.01/h, an hour
 * angle by the sidereal rate). A change found between two steps is refined by bisection to a
 * minute. A target viable for less than 5 minutes between two steps may be missed.
 *
 * <p>Speed: the steps land on a grid shared by all targets (multiples of 5 minutes since the
 * epoch; the bisection on whole minutes), and the sun's and the moon's places are kept per
 * instant, so the searches of hundreds of targets share those computations (and the sky's own
 * caches per instant). Safe for concurrent use.
 */
public final class ConstraintCheck {

    /** A verdict for people: viable, or why not ("below 30° (now 22°)"). */
    public record Viability(boolean viable, String reason) {
    }

    static final Duration STEP = Duration.ofMinutes(5);
    static final Duration RESOLUTION = Duration.ofMinutes(1);
    private static final double ALTITUDE_RATE = 16;      // degrees per hour, any body
    private static final double SEPARATION_RATE = 1;     // degrees per hour, moon against a star
    private static final double ILLUMINATION_RATE = 0.01; // per hour
    private static final double SIDEREAL_RATE = 1.0027379; // hour angle hours per hour
    private static final double NEVER = Double.POSITIVE_INFINITY;

    private static final int CACHE_LIMIT = 20_000;

    private final SkyView view;
    /** Per epoch millisecond: the sun's altitude; the moon's altitude and illumination. */
    private final Map<Long, Double> sunAltitudes = new ConcurrentHashMap<>();
    private final Map<Long, double[]> moons = new ConcurrentHashMap<>();

    public ConstraintCheck(SkyView view) {
        this.view = view;
    }

    /** The view this check asks. */
    public SkyView view() {
        return view;
    }

    /** Whether the target may run at {@code at}, with the reason when it may not ("viable" when it may). */
    public Viability check(TargetSpec target, Instant at) {
        Verdict v = verdict(target, at);
        return new Viability(v.viable(), v.viable() ? "viable" : v.detail());
    }

    /** The first time in [from, limit] the target is viable (to about a minute), or empty. */
    public Optional<Instant> nextViable(TargetSpec target, Instant from, Instant limit) {
        return search(target, from, limit, true);
    }

    /**
     * The first time after {@code from} (to about a minute) the target is no longer viable: {@code
     * from} itself when it is not viable then; empty when it stays viable through {@code limit}.
     */
    public Optional<Instant> viableUntil(TargetSpec target, Instant from, Instant limit) {
        return search(target, from, limit, false);
    }

    /** The target's hour angle at a time (hours, negative before transit), or empty without a sky. */
    Optional<Double> hourAngle(TargetSpec target, Instant at) {
        return view.sky().map(s -> s.hourAngle(target.j2000(), at));
    }

    private Optional<Instant> search(TargetSpec target, Instant from, Instant limit, boolean wantViable) {
        Instant at = from;
        Verdict v = verdict(target, at);
        if (v.viable() == wantViable) {
            return Optional.of(at);
        }
        while (at.isBefore(limit)) {
            long remaining = Duration.between(at, limit).getSeconds();
            if (v.boundHours() * 3600 >= remaining) {
                return Optional.empty();
            }
            long bound = (long) (v.boundHours() * 3600);
            long step = Math.max(STEP.getSeconds(), bound);
            Instant next = step >= remaining ? limit : onGrid(at.plusSeconds(step), STEP);
            Verdict nv = verdict(target, next);
            if (nv.viable() == wantViable) {
                Instant lo = bound >= step ? next.minusSeconds(1) : at;
                return Optional.of(bisect(target, lo, next, wantViable));
            }
            at = next;
            v = nv;
        }
        return Optional.empty();
    }

    /** {@code lo} is not in the wanted state, {@code hi} is: the first wanted time to the resolution. */
    private Instant bisect(TargetSpec target, Instant lo, Instant hi, boolean wantViable) {
        while (Duration.between(lo, hi).compareTo(RESOLUTION) > 0) {
            Instant mid = onGrid(lo.plus(Duration.between(lo, hi).dividedBy(2)), RESOLUTION);
            if (!mid.isAfter(lo) || !mid.isBefore(hi)) {
                mid = lo.plus(Duration.between(lo, hi).dividedBy(2));
            }
            if (verdict(target, mid).viable() == wantViable) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The instant rounded down to a multiple of {@code grid} since the epoch (not before the original's minute). */
    private static Instant onGrid(Instant at, Duration grid) {
        long ms = grid.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), ms) * ms);
    }

    private double sunAltitude(Sky sky, Instant at) {
        return cached(sunAltitudes, at, t -> sky.sun(t).altitudeDegrees());
    }

    /** {moon altitude, illumination}. */
    private double[] moon(Sky sky, Instant at) {
        return cached(moons, at, t -> new double[] {sky.moon(t).altitudeDegrees(), sky.moonIllumination(t)});
    }

    private static <V> V cached(Map<Long, V> cache, Instant at, java.util.function.Function<Instant, V> compute) {
        Long key = at.toEpochMilli();
        V v = cache.get(key);
        if (v == null) {
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            v = compute.apply(at);
            cache.put(key, v);
        }
        return v;
    }

    /**
     * The verdict at a time: viable or not, the reason briefly ("below 30°") and in detail
     * ("below 30° (now 22°)"), and a lower bound in hours of how long it holds.
     */
    Verdict verdict(TargetSpec target, Instant at) {
        Optional<Sky> maybeSky = view.sky();
        if (maybeSky.isEmpty()) {
            return Verdict.fail("no sky service installed", "no sky service installed", NEVER);
        }
        Sky sky = maybeSky.get();
        TargetSpec.Constraints c = target.constraints() == null ? TargetSpec.Constraints.NONE : target.constraints();
        Verdicts all = new Verdicts();
        all.add(window(c, at));
        if (c.twilight() != null) {
            all.add(twilight(sunAltitude(sky, at), c));
        }
        if (c.minAltitude() != null || c.aboveHorizon()) {
            var pos = sky.horizontal(target.j2000(), at);
            if (c.minAltitude() != null) {
                all.add(altitude(c.minAltitude(), pos.altitudeDegrees()));
            }
            if (c.aboveHorizon()) {
                all.add(HorizonLine.verdict(sky.site().horizon(), pos));
            }
        }
        if (c.meridianBeforeMinutes() != null || c.meridianAfterMinutes() != null) {
            all.add(meridian(c, sky.hourAngle(target.j2000(), at)));
        }
        if (c.minMoonSeparation() != null || c.maxMoonIllumination() != null) {
            all.add(moon(moon(sky, at), sky, target, c, at));
        }
        return all.result();
    }

    private static Verdict window(TargetSpec.Constraints c, Instant at) {
        if (c.from() != null && at.isBefore(c.from())) {
            String text = "outside its window (from " + Texts.time(c.from()) + ")";
            return Verdict.fail(text, text, Duration.between(at, c.from()).getSeconds() / 3600.0);
        }
        if (c.until() != null && at.isAfter(c.until())) {
            String text = "outside its window (until " + Texts.time(c.until()) + ")";
            return Verdict.fail(text, text, NEVER);
        }
        return Verdict.pass(c.until() == null ? NEVER : Duration.between(at, c.until()).getSeconds() / 3600.0);
    }

    private static Verdict twilight(double sun, TargetSpec.Constraints c) {
        double limit = c.twilight().sunAltitude();
        if (sun < limit) {
            return Verdict.pass((limit - sun) / ALTITUDE_RATE);
        }
        return Verdict.fail("sky not dark", "sky not dark: sun at " + Texts.degrees(sun) + ", needs below "
                + Texts.degrees(limit), (sun - limit) / ALTITUDE_RATE);
    }

    private static Verdict altitude(double min, double altitude) {
        if (altitude >= min) {
            return Verdict.pass((altitude - min) / ALTITUDE_RATE);
        }
        String brief = "below " + Texts.degrees(min);
        return Verdict.fail(brief, brief + " (now " + Texts.degrees(altitude) + ")", (min - altitude) / ALTITUDE_RATE);
    }

    private static Verdict meridian(TargetSpec.Constraints c, double ha) {
        double lo = c.meridianBeforeMinutes() == null ? -12 : -c.meridianBeforeMinutes() / 60;
        double hi = c.meridianAfterMinutes() == null ? 12 : c.meridianAfterMinutes() / 60;
        if (ha < lo) {
            return Verdict.fail("outside its meridian window", "outside its meridian window (" + Texts.hours(ha)
                    + " from transit, from " + Texts.hours(lo) + ")", (lo - ha) / SIDEREAL_RATE);
        }
        if (ha > hi) {
            return Verdict.fail("outside its meridian window", "outside its meridian window (" + Texts.hours(ha)
                    + " from transit, until " + Texts.hours(hi) + ")", (24 + lo - ha) / SIDEREAL_RATE);
        }
        return Verdict.pass((Math.min(hi, 12) - ha) / SIDEREAL_RATE);
    }

    private static Verdict moon(double[] moon, Sky sky, TargetSpec target, TargetSpec.Constraints c, Instant at) {
        double moonAltitude = moon[0];
        if (moonAltitude <= 0) {
            return Verdict.pass(-moonAltitude / ALTITUDE_RATE);
        }
        double passBound = 0;
        double failBound = NEVER;
        String reason = null;
        if (c.minMoonSeparation() != null) {
            double sep = sky.moonSeparation(target.j2000(), at);
            double margin = sep - c.minMoonSeparation();
            if (margin < 0) {
                reason = "moon " + Texts.degrees(sep) + " away, needs " + Texts.degrees(c.minMoonSeparation());
                passBound = -margin / SEPARATION_RATE;
            } else {
                failBound = margin / SEPARATION_RATE;
            }
        }
        if (c.maxMoonIllumination() != null) {
            double lit = moon[1];
            double margin = c.maxMoonIllumination() - lit;
            if (margin < 0) {
                if (reason == null) {
                    reason = "moon " + Texts.percent(lit) + " lit, at most " + Texts.percent(c.maxMoonIllumination());
                }
                passBound = Math.max(passBound, -margin / ILLUMINATION_RATE);
            } else {
                failBound = Math.min(failBound, margin / ILLUMINATION_RATE);
            }
        }
        if (reason == null) {
            return Verdict.pass(failBound);
        }
        return Verdict.fail(reason, reason, Math.min(moonAltitude / ALTITUDE_RATE, passBound));
    }

    /**
     * One constraint's (or the whole target's) verdict.
     *
     * @param boundHours while viable, how long it stays so at least; while not, how long until it may become so
     */
    record Verdict(boolean viable, String brief, String detail, double boundHours) {

        static Verdict pass(double boundHours) {
            return new Verdict(true, null, null, Math.max(0, boundHours));
        }

        static Verdict fail(String brief, String detail, double boundHours) {
            return new Verdict(false, brief, detail, Math.max(0, boundHours));
        }
    }

    /**
     * Combines the constraints' verdicts: viable when all are, for as long as the shortest lasts;
     * else the first failure's reason, unviable at least until the slowest failure may pass.
     */
    private static final class Verdicts {
        private Verdict firstFailure;
        private double passBound = NEVER;
        private double failBound;

        void add(Verdict v) {
            if (v.viable()) {
                passBound = Math.min(passBound, v.boundHours());
            } else {
                if (firstFailure == null) {
                    firstFailure = v;
                }
                failBound = Math.max(failBound, v.boundHours());
            }
        }

        Verdict result() {
            return firstFailure == null ? Verdict.pass(passBound)
                    : Verdict.fail(firstFailure.brief(), firstFailure.detail(), failBound);
        }
    }
}
