package org.orrery.core.sequence.internal.night;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.orrery.sky.Coordinates;
import org.orrery.sky.Twilight;

/**
 * A validated {@code target} step (of the plan: an {@code object} is resolved to {@code ra} and
 * {@code dec} when the document is accepted) as a {@link TargetSpec}.
 */
public final class TargetSpecs {

    private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent", "critical");

    private TargetSpecs() {
    }

    /**
     * @throws IllegalArgumentException when the step has no coordinates (an unresolved object) or a
     *         field cannot be used
     */
    public static TargetSpec parse(Map<String, Object> step) {
        String id = (String) step.get("id");
        String name = step.get("name") == null ? id : String.valueOf(step.get("name"));
        if (!(step.get("ra") instanceof Number ra) || !(step.get("dec") instanceof Number dec)) {
            throw new IllegalArgumentException("target '" + id + "' has no ra and dec (its object is not resolved)");
        }
        List<String> dependsOn = new ArrayList<>();
        if (step.get("depends_on") instanceof List<?> list) {
            list.forEach(d -> dependsOn.add(String.valueOf(d)));
        }
        List<TargetSpec.PlanEntry> plan = new ArrayList<>();
        if (step.get("plan") instanceof List<?> entries) {
            for (Object e : entries) {
                plan.add(entry(map(e)));
            }
        }
        String order = step.get("plan_order") == null ? "by_filter" : String.valueOf(step.get("plan_order"));
        return new TargetSpec(id, name, new Coordinates(ra.doubleValue(), dec.doubleValue()),
                priority(step.get("priority")), dependsOn, constraints(map(step.get("constraints"))), plan, order);
    }

    /** 1..5, or low, normal, high, urgent, critical; 2 when absent. */
    public static int priority(Object value) {
        if (value == null) {
            return 2;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        int i = PRIORITIES.indexOf(String.valueOf(value).toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("priority: expected 1..5 or " + PRIORITIES + ", found " + value);
        }
        return i + 1;
    }

    /** The plan entry key: its {@code id}, else {@code <filter|none>-<exposure as written>s-<bin>x<bin>}. */
    public static String key(Map<String, Object> entry) {
        if (entry.get("id") != null) {
            return String.valueOf(entry.get("id"));
        }
        Object exposure = entry.get("exposure");
        String written = exposure instanceof BigDecimal d ? d.toPlainString() : String.valueOf(exposure);
        int bin = entry.get("binning") instanceof Number b ? b.intValue() : 1;
        return (entry.get("filter") == null ? "none" : String.valueOf(entry.get("filter"))) + "-" + written + "s-"
                + bin + "x" + bin;
    }

    private static TargetSpec.PlanEntry entry(Map<String, Object> e) {
        return new TargetSpec.PlanEntry(key(e), e.get("filter") == null ? null : String.valueOf(e.get("filter")),
                ((Number) e.get("exposure")).doubleValue(), ((Number) e.get("count")).intValue(),
                e.get("binning") instanceof Number b ? b.intValue() : 1,
                e.get("gain") instanceof Number g ? g.intValue() : null,
                e.get("offset") instanceof Number o ? o.intValue() : null,
                e.get("frame_type") == null ? "light" : String.valueOf(e.get("frame_type")));
    }

    private static TargetSpec.Constraints constraints(Map<String, Object> c) {
        if (c.isEmpty()) {
            return TargetSpec.Constraints.NONE;
        }
        Map<String, Object> moon = map(c.get("moon"));
        Map<String, Object> window = map(c.get("window"));
        Map<String, Object> meridian = map(c.get("meridian"));
        return new TargetSpec.Constraints(number(c.get("min_altitude")), Boolean.TRUE.equals(c.get("above_horizon")),
                c.get("twilight") == null ? null : Twilight.parse(String.valueOf(c.get("twilight"))),
                number(moon.get("min_separation")), number(moon.get("max_illumination")),
                instant(window.get("from")), instant(window.get("until")), number(meridian.get("before_minutes")),
                number(meridian.get("after_minutes")));
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Instant instant(Object value) {
        return value == null ? null : java.time.OffsetDateTime.parse(String.valueOf(value)).toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
