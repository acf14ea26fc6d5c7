package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Whether an autofocus trigger fires before the next frame, from the counts the triggers keep. */
final class TriggerChecks {

    /** The HFRs kept: the first ones after the last autofocus (the baseline) and the recent ones. */
    static final int WINDOW = 3;

    private TriggerChecks() {
    }

    static boolean autofocusDue(Map<String, Object> trigger, Map<String, Object> s, String nextFilter, Instant now) {
        if (trigger.get("after_frames") instanceof Number n) {
            return TargetTriggers.number(s.get("frames_since_autofocus"), 0) >= n.intValue();
        }
        if (trigger.get("after_minutes") instanceof Number minutes) {
            Object since = s.get("autofocus_at") != null ? s.get("autofocus_at") : s.get("began_at");
            return TargetTriggers.since(since, now).toMillis() >= minutes.doubleValue() * 60_000;
        }
        if (Boolean.TRUE.equals(trigger.get("after_filter_change"))) {
            return s.containsKey("last_filter") && !Objects.equals(s.get("last_filter"), nextFilter);
        }
        if (trigger.get("after_temperature_change") instanceof Number delta) {
            return s.get("last_temperature") instanceof Number last && s.get("autofocus_temperature") instanceof Number at
                    && Math.abs(last.doubleValue() - at.doubleValue()) >= delta.doubleValue();
        }
        if (trigger.get("after_hfr_increase") instanceof Number percent) {
            List<Double> hfrs = hfrs(s);
            if (hfrs.size() <= WINDOW) {
                return false;
            }
            double baseline = median(hfrs.subList(0, WINDOW));
            double recent = median(hfrs.subList(hfrs.size() - WINDOW, hfrs.size()));
            return recent >= baseline * (1 + percent.doubleValue() / 100);
        }
        return false;
    }

    /** Adds a frame's HFR: the first {@link #WINDOW} are kept, and the last {@link #WINDOW} after them. */
    static void addHfr(Map<String, Object> s, double hfr) {
        List<Double> hfrs = hfrs(s);
        hfrs.add(hfr);
        if (hfrs.size() > 2 * WINDOW) {
            hfrs.remove(WINDOW);
        }
        s.put("hfrs", hfrs);
    }

    private static List<Double> hfrs(Map<String, Object> s) {
        List<Double> hfrs = new ArrayList<>();
        if (s.get("hfrs") instanceof List<?> list) {
            list.forEach(v -> hfrs.add(((Number) v).doubleValue()));
        }
        return hfrs;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The first frame entry of a camera.expose result (its hfr, focus temperature), or an empty map. */
    static Map<?, ?> firstFrame(Map<String, Object> result) {
        if (result != null && result.get("frames") instanceof List<?> frames && !frames.isEmpty()
                && frames.get(0) instanceof Map<?, ?> first) {
            return first;
        }
        return Map.of();
    }
}
