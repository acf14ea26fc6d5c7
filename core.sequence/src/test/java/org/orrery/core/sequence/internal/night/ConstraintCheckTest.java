package org.orrery.core.sequence.internal.night;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.core.sequence.internal.night.FakeSky.at;
import static org.orrery.core.sequence.internal.night.FakeSky.transitingAt;
import static org.orrery.core.sequence.internal.night.Targets.assertWithinAMinuteAfter;
import static org.orrery.core.sequence.internal.night.Targets.minAltitude;
import static org.orrery.core.sequence.internal.night.Targets.target;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.sky.Coordinates;
import org.orrery.sky.Twilight;

class ConstraintCheckTest {

    private final FakeSky sky = new FakeSky();
    private final ConstraintCheck check = new ConstraintCheck(FakeSky.view(sky));

    private static TargetSpec.Constraints constraints(Double minAlt, boolean horizon, Twilight twilight,
            Double moonSep, Double moonLit, Instant from, Instant until, Double before, Double after) {
        return new TargetSpec.Constraints(minAlt, horizon, twilight, moonSep, moonLit, from, until, before, after);
    }

    private String reason(TargetSpec t, double hoursAfterT0) {
        return check.check(t, at(hoursAfterT0)).reason();
    }

    @Test
    void aTargetWithoutConstraintsIsViable() {
        assertEquals(new ConstraintCheck.Viability(true, "viable"),
                check.check(target("a", transitingAt(12), TargetSpec.Constraints.NONE), at(0)));
    }

    @Test
    void withoutASkyEveryTargetIsUnviableForever() {
        ConstraintCheck none = new ConstraintCheck(SkyView.of(null, null, null));
        TargetSpec t = target("a", transitingAt(0), TargetSpec.Constraints.NONE);
        assertEquals(new ConstraintCheck.Viability(false, "no sky service installed"), none.check(t, at(0)));
        assertTrue(none.nextViable(t, at(0), at(24)).isEmpty());
    }

    @Test
    void belowItsMinimumAltitudeSaysHowHighItIs() {
        // transit at 18:00 + 6 h: at 18:00 the hour angle is −6 h, the altitude 10°
        TargetSpec t = target("a", transitingAt(6), minAltitude(30));
        assertEquals(new ConstraintCheck.Viability(false, "below 30° (now 10°)"), check.check(t, at(0)));
        assertTrue(check.check(t, at(2.5)).viable());
    }

    @Test
    void nextViableFindsTheRiseToAMinute() {
        TargetSpec t = target("a", transitingAt(6), minAltitude(30)); // 30° at hour angle −4 h: 20:00
        Instant rise = check.nextViable(t, at(0), at(24)).orElseThrow();
        assertWithinAMinuteAfter(at(2), rise);
        assertTrue(check.check(t, rise).viable());
        assertFalse(check.check(t, rise.minusSeconds(61)).viable());
        assertEquals(Optional.of(at(3)), check.nextViable(t, at(3), at(24)));
    }

    @Test
    void viableUntilFindsTheSettingToAMinute() {
        TargetSpec t = target("a", transitingAt(6), minAltitude(30)); // below 30° again at +4 h: 04:00
        assertWithinAMinuteAfter(at(10), check.viableUntil(t, at(3), at(24)).orElseThrow());
        assertEquals(Optional.of(at(0)), check.viableUntil(t, at(0), at(24)));
        assertTrue(check.viableUntil(t, at(3), at(9)).isEmpty());
    }

    @Test
    void nextViableIsEmptyWhenTheTargetDoesNotRiseBeforeTheLimit() {
        TargetSpec t = target("a", transitingAt(6), minAltitude(30));
        assertTrue(check.nextViable(t, at(0), at(1.5)).isEmpty());
        assertTrue(check.nextViable(target("b", transitingAt(0), minAltitude(80)), at(0), at(48)).isEmpty());
    }

    @Test
    void theHorizonLineIsCheckedAtTheTargetsAzimuth() {
        sky.horizon = FakeSky.flatAt(15);
        // hour angle −5.8 h: altitude 12°, azimuth 90°; 15° at −5.5 h
        TargetSpec t = target("a", transitingAt(5.8), constraints(null, true, null, null, null, null, null, null, null));
        assertEquals("below the horizon line (12° at az 90°, horizon 15°)", reason(t, 0));
        assertWithinAMinuteAfter(at(0.3), check.nextViable(t, at(0), at(24)).orElseThrow());
    }

    @Test
    void aBrightSkyIsNotDark() {
        sky.sunAltitude = t -> -9.0 - 9 * FakeSky.hours(t); // −18° at 19:00
        TargetSpec t = target("a", transitingAt(0),
                constraints(null, false, Twilight.ASTRONOMICAL, null, null, null, null, null, null));
        assertEquals("sky not dark: sun at \u22129°, needs below \u221218°", reason(t, 0));
        assertWithinAMinuteAfter(at(1), check.nextViable(t, at(0), at(24)).orElseThrow());
    }

    @Test
    void theMoonCountsOnlyWhileItIsUp() {
        sky.moonAt = new Coordinates(1.2, 0); // 18° from a target at ra 0
        TargetSpec t = target("a", transitingAt(0), constraints(null, false, null, 40.0, null, null, null, null, null));
        assertTrue(check.check(t, at(0)).viable());
        sky.moonAltitude = x -> 20.0; // another sky: the check keeps the moon's places per instant
        assertEquals("moon 18° away, needs 40°", new ConstraintCheck(FakeSky.view(sky)).check(t, at(0)).reason());
    }

    @Test
    void aBrightMoonIsTooBright() {
        sky.moonAltitude = t -> 20.0 - 20 * FakeSky.hours(t) / 3; // sets at 21:00
        sky.moonIllumination = 0.78;
        TargetSpec t = target("a", transitingAt(0), constraints(null, false, null, null, 0.6, null, null, null, null));
        assertEquals("moon 78% lit, at most 60%", reason(t, 0));
        assertWithinAMinuteAfter(at(3), check.nextViable(t, at(0), at(24)).orElseThrow());
    }

    @Test
    void theWindowIsExact() {
        TargetSpec t = target("a", transitingAt(0), constraints(null, false, null, null, null, at(2), at(8), null, null));
        assertEquals("outside its window (from 20:00Z)", reason(t, 0));
        assertEquals("outside its window (until 02:00Z)", reason(t, 9));
        assertEquals(Optional.of(at(2)), check.nextViable(t, at(0), at(24)));
        assertWithinAMinuteAfter(at(8), check.viableUntil(t, at(3), at(24)).orElseThrow());
        assertTrue(check.nextViable(t, at(9), at(30)).isEmpty());
    }

    @Test
    void theMeridianWindowSaysWhereTheTargetIs() {
        TargetSpec t = target("a", transitingAt(3.2),
                constraints(null, false, null, null, null, null, null, 120.0, 60.0));
        assertEquals("outside its meridian window (\u22123.2 h from transit, from \u22122.0 h)", reason(t, 0));
        assertEquals("outside its meridian window (+1.8 h from transit, until +1.0 h)", reason(t, 5));
        // enters at hour angle −2 h (19:12), leaves at +1 h (22:12), enters again a day later
        assertWithinAMinuteAfter(at(1.2), check.nextViable(t, at(0), at(24)).orElseThrow());
        assertWithinAMinuteAfter(at(4.2), check.viableUntil(t, at(2), at(24)).orElseThrow());
        assertWithinAMinuteAfter(at(25.2), check.nextViable(t, at(5), at(48)).orElseThrow());
    }
}
