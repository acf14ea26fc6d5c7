package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceType;
import org.orrery.device.SafetyMonitor;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;

/** The sky.*, target.* and safety.* fields, and the twilight until of waits and loops, on the harness. */
class NightConditionsTest {

    private final Harness h = new Harness();
    private final FixedSky sky = new FixedSky();

    NightConditionsTest() throws Exception {
        h.sky = sky;
    }

    /** A monitor the test sets; it reports now whenever asked. */
    private final class Monitor implements SafetyMonitor {
        boolean safe = true;
        ConnectionState state = ConnectionState.CONNECTED;

        public String id() {
            return "roof";
        }

        public String driver() {
            return "test";
        }

        public ConnectionState connectionState() {
            return state;
        }

        public Map<String, Object> values() {
            return Map.of();
        }

        public boolean safe() {
            return safe;
        }

        public String unsafeReason() {
            return safe ? "" : "rain";
        }

        public Weather weather() {
            return Weather.NONE;
        }

        public Instant lastReport() {
            return h.time.instant();
        }

        @Override
        public DeviceType type() {
            return DeviceType.SAFETY_MONITOR;
        }
    }

    @Test
    void insideATargetMacrosNameItAndItsPositionNow() throws Exception {
        h.start("""
                name: t
                main:
                  - type: target
                    id: m42
                    name: M 42
                    ra: 5.5
                    dec: -5.25
                    main: [{type: task, id: say, action: system.echo,
                            parameters: {message: "${target.name} ${target.ra} ${target.dec} ${target.altitude}",
                                         moon: "${target.moon_separation}"}}]
                    plan: [{exposure: 1, count: 1}]
                """);
        Map<String, Object> slew = h.open("m42").spec().parameters();
        assertEquals(5.51, (Double) slew.get("ra"), 1e-9); // the apparent place, from the sky
        h.complete("m42");
        assertEquals(Map.of("message", "M 42 5.5 -5.25 45.0", "moon", 60.0), h.open("say").spec().parameters());
    }

    @Test
    void skyAndSafetyFieldsInConditions() throws Exception {
        sky.sunAltitude = -13;
        String id = h.start("""
                name: c
                main:
                  - type: conditional
                    id: dark
                    condition: {all: [{field: sky.twilight, operator: equals, value: astronomical},
                                      {field: sky.sun.altitude, operator: less_than, value: -12},
                                      {field: sky.moon.illumination, operator: equals, value: 0.25},
                                      {field: sky.time, operator: equals, value: "2026-01-01T20:00:00Z"},
                                      {field: safety.safe, operator: equals, value: true},
                                      {field: safety.reason, operator: equals, value: no safety monitor}]}
                    then: [{type: task, id: dark_enough, action: system.noop}]
                    else: [{type: task, id: too_bright, action: system.noop}]
                """);
        h.complete("dark_enough");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void twilightNamesTheDarkestPhaseTheSunIsIn() {
        assertEquals(List.of("day", "civil", "nautical", "astronomical", "night"),
                java.util.stream.Stream.of(0.0, -3.0, -8.0, -15.0, -20.0)
                        .map(a -> NightFields.twilight(new org.orrery.sky.HorizontalPosition(a, 0))).toList());
    }

    @Test
    void safeForCountsFromTheFirstSafeReading() throws Exception {
        Monitor roof = new Monitor();
        h.monitors.add(roof);
        roof.safe = false;
        String id = h.start("""
                name: s
                main:
                  - {type: wait, id: calm, condition: {field: safety.safe_for, operator: greater_or_equal, value: 120},
                     interval: 10, timeout: 3600}
                """);
        h.advance(Duration.ofMinutes(10)); // unsafe all along: every check restarts the count
        h.assertStep(id, "calm", StepState.RUNNING);
        roof.safe = true;
        h.advance(Duration.ofSeconds(110));
        h.assertStep(id, "calm", StepState.RUNNING);
        h.advance(Duration.ofSeconds(20));
        h.assertStep(id, "calm", StepState.COMPLETED);
    }

    @Test
    void aDisconnectedMonitorIsUnsafeWithTheReason() throws Exception {
        Monitor roof = new Monitor();
        roof.state = ConnectionState.DISCONNECTED;
        h.monitors.add(roof);
        String id = h.start("""
                name: s
                main:
                  - {type: set, id: s, variables: {why: "${safety.reason}", safe: "${safety.safe}"}}
                """);
        assertEquals("roof is disconnected", h.info(id).variables().get("why"));
        assertEquals(false, h.info(id).variables().get("safe"));
    }

    @Test
    void waitsAndLoopsRunUntilATwilightWithAnOffset() throws Exception {
        sky.twilight = Harness.T0.plus(Duration.ofHours(2));
        String id = h.start("""
                name: u
                main:
                  - type: loop
                    id: frames
                    until: {twilight: astronomical, event: dawn, offset_minutes: -10}
                    max_iterations: 100
                    steps: [{type: wait, id: nap, seconds: 1800}]
                  - {type: task, id: after, action: system.noop}
                """);
        h.advance(Duration.ofHours(2)); // 20:00, 20:30, 21:00, 21:30 begin; 22:00 is past 21:50
        assertEquals(4, h.step(id, "frames").iteration());
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        sky.twilight = h.time.instant().plus(Duration.ofHours(2));
        String wait = h.start("""
                name: w
                main: [{type: wait, id: dawn, until: {twilight: astronomical, event: dawn, offset_minutes: -10}}]
                """);
        h.advance(Duration.ofHours(2));
        h.assertState(wait, SequenceState.COMPLETED);
        assertEquals(sky.twilight.minus(Duration.ofMinutes(10)), h.step(wait, "dawn").finishedAt());
    }
}
