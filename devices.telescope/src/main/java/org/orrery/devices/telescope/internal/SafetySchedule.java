package org.orrery.devices.telescope.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.orrery.device.SafetyMonitor.Weather;

/**
 * The simulated safety monitor's script: entries {@code "<ISO instant> safe"} and
 * {@code "<ISO instant> unsafe <reason>"}, each the state from its instant on; safe before the
 * first. A value may hold several entries separated by {@code ;} or line breaks (a {@code .cfg}
 * file holds one string).
 */
final class SafetySchedule {

    /** The state at an instant, and the weather that goes with it. */
    record State(boolean safe, String reason) {

        static final State SAFE = new State(true, "");

        /** Clear and dry when safe; rain when the reason names it, else clouds (and wind, humidity if named). */
        Weather weather() {
            if (safe) {
                return new Weather(0.0, 0.0, 3.0, 45.0, 8.0);
            }
            String r = reason.toLowerCase(Locale.ROOT);
            boolean rain = r.contains("rain");
            double wind = r.contains("wind") ? 18.0 : 5.0;
            double humidity = rain || r.contains("humid") || r.contains("dew") ? 97.0 : 80.0;
            return new Weather(100.0, rain ? 2.5 : 0.0, wind, humidity, 6.0);
        }
    }

    static final SafetySchedule ALWAYS_SAFE = new SafetySchedule(new TreeMap<>());

    private final NavigableMap<Instant, State> states;

    private SafetySchedule(NavigableMap<Instant, State> states) {
        this.states = states;
    }

    /**
     * @throws IllegalArgumentException naming the first bad entry, what was expected and what was found
     */
    static SafetySchedule parse(String[] values) {
        NavigableMap<Instant, State> states = new TreeMap<>();
        for (String entry : entries(values)) {
            String[] parts = entry.split("\\s+", 3);
            Instant at = instant("schedule entry '" + entry + "' must start with", parts[0]);
            String word = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "";
            State state;
            if (word.equals("safe") && parts.length == 2) {
                state = State.SAFE;
            } else if (word.equals("unsafe")) {
                state = new State(false, parts.length == 3 ? parts[2].trim() : "unsafe (simulated)");
            } else {
                throw new IllegalArgumentException("schedule entry '" + entry
                        + "' must be '<ISO instant> safe' or '<ISO instant> unsafe <reason>', found '"
                        + (parts.length > 1 ? entry.substring(parts[0].length()).trim() : "") + "' after the instant");
            }
            if (states.put(at, state) != null) {
                throw new IllegalArgumentException("schedule entry '" + entry + "' repeats the instant " + at
                        + ": one state per instant expected");
            }
        }
        return states.isEmpty() ? ALWAYS_SAFE : new SafetySchedule(states);
    }

    /**
     * An ISO instant ({@code 2026-12-05T22:00:00Z}), or null when blank.
     *
     * @param expectation how the message starts, e.g. {@code "silent_from must be"}
     */
    static Instant instant(String expectation, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(expectation + " an ISO instant such as 2026-12-05T22:00:00Z,"
                    + " found '" + text.trim() + "'");
        }
    }

    private static List<String> entries(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String entry : value == null ? new String[0] : value.split("[;\\r\\n]+")) {
                    if (!entry.isBlank()) {
                        out.add(entry.trim());
                    }
                }
            }
        }
        return out;
    }

    State at(Instant t) {
        Map.Entry<Instant, State> e = states.floorEntry(t);
        return e == null ? State.SAFE : e.getValue();
    }

    int size() {
        return states.size();
    }
}
