package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What happens when a step fails: the spec's {@code on_error}, as a string or as
 * {@code {"policy": "retry", "attempts": 3, "cooldown": 30, "then": "abort"}}.
 *
 * @param kind the policy
 * @param attempts for {@code retry}: further runs after the first failure
 * @param cooldown for {@code retry}: the pause before each further run
 * @param then for {@code retry}: the policy once the retries are spent (never {@code retry})
 */
record ErrorPolicy(Kind kind, int attempts, Duration cooldown, Kind then) {

    enum Kind {
        CONTINUE, SKIP, SKIP_TO_END, ABORT, RETRY;

        static Kind parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final ErrorPolicy ABORT = new ErrorPolicy(Kind.ABORT, 0, Duration.ZERO, Kind.ABORT);

    /** The policy a document value spells, or {@code inherited} when the value is null. */
    static ErrorPolicy of(Object value, ErrorPolicy inherited) {
        if (value == null) {
            return inherited;
        }
        if (value instanceof String s) {
            Kind kind = Kind.parse(s);
            return kind == Kind.RETRY ? new ErrorPolicy(kind, 1, Duration.ZERO, Kind.ABORT)
                    : new ErrorPolicy(kind, 0, Duration.ZERO, kind);
        }
        Map<?, ?> map = (Map<?, ?>) value;
        Kind kind = Kind.parse(String.valueOf(map.get("policy")));
        if (kind != Kind.RETRY) {
            return new ErrorPolicy(kind, 0, Duration.ZERO, kind);
        }
        int attempts = map.get("attempts") instanceof Number n ? n.intValue() : 1;
        Duration cooldown = map.get("cooldown") instanceof Number n ? Durations.seconds(n) : Duration.ZERO;
        Kind then = map.get("then") == null ? Kind.ABORT : Kind.parse(String.valueOf(map.get("then")));
        return new ErrorPolicy(kind, attempts, cooldown, then == Kind.RETRY ? Kind.ABORT : then);
    }

    /** The policy after {@code retriesDone} retries: this one while retries remain, else {@code then}. */
    Kind effective(int retriesDone) {
        return kind == Kind.RETRY && retriesDone >= attempts ? then : kind;
    }
}
