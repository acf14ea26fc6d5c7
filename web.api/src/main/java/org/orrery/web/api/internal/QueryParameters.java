package org.orrery.web.api.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

/** The query parameters of a request, checked: unknown names refused, values in range, each named in the refusal. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** Refuses a parameter not in {@code allowed}; {@code what} names the route (e.g. "the task list"). */
    static void only(HttpServletRequest request, Set<String> allowed, String what) throws ApiJson.BadRequest {
        for (String name : request.getParameterMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new ApiJson.BadRequest("unknown query parameter '" + ApiJson.shorten(name) + "'; " + what
                        + (allowed.isEmpty() ? " takes none" : " takes " + new TreeSet<>(allowed)));
            }
        }
    }

    /**
     * The values of a parameter that may repeat and list several, comma-separated, each read by
     * {@code parse} (whose {@link IllegalArgumentException} message says what is wrong); empty when absent.
     */
    static <T> Set<T> list(HttpServletRequest request, String name, Function<String, T> parse) throws ApiJson.BadRequest {
        Set<T> values = new LinkedHashSet<>();
        String[] given = request.getParameterValues(name);
        if (given != null) {
            for (String value : given) {
                for (String one : value.split(",")) {
                    try {
                        values.add(parse.apply(one));
                    } catch (IllegalArgumentException e) {
                        throw new ApiJson.BadRequest("query parameter '" + name + "': " + e.getMessage());
                    }
                }
            }
        }
        return values;
    }

    /** The whole number {@code name}, from 1 to {@code max}; {@code fallback} when absent. */
    static int limit(HttpServletRequest request, String name, int fallback, int max) throws ApiJson.BadRequest {
        String text = request.getParameter(name);
        if (text == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw new ApiJson.BadRequest("query parameter '" + name + "' must be a whole number from 1 to " + max
                    + ", found '" + ApiJson.shorten(text) + "'");
        }
        return limit;
    }

    /**
     * One of {@code choices} (any case; the answer in lower case), {@code fallback} when absent;
     * a parameter given twice is refused.
     */
    static String choice(HttpServletRequest request, String name, String fallback, String... choices)
            throws ApiJson.BadRequest {
        String given = single(request, name);
        if (given == null) {
            return fallback;
        }
        String value = given.toLowerCase(Locale.ROOT);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return choice;
            }
        }
        throw new ApiJson.BadRequest("query parameter '" + name + "' must be one of " + String.join(", ", choices)
                + ", found '" + ApiJson.shorten(given) + "'");
    }

    /** The boolean {@code name}: {@code true} or {@code false}; false when absent. */
    static boolean flag(HttpServletRequest request, String name) throws ApiJson.BadRequest {
        return choice(request, name, "false", "true", "false").equals("true");
    }

    /** The value of a parameter given at most once, or null when absent. */
    private static String single(HttpServletRequest request, String name) throws ApiJson.BadRequest {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new ApiJson.BadRequest("query parameter '" + name + "' is given " + values.length
                    + " times; give it once");
        }
        return values[0].trim();
    }

    /** The ISO-8601 instant {@code name} (with a zone or offset); {@code fallback} when absent. */
    static java.time.Instant instant(HttpServletRequest request, String name, java.time.Instant fallback)
            throws ApiJson.BadRequest {
        String text = single(request, name);
        if (text == null) {
            return fallback;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiJson.BadRequest("query parameter '" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-12-05T20:00:00Z, found '" + ApiJson.shorten(text) + "'");
        }
    }

    /** The whole number {@code name}, at least {@code min}; {@code fallback} when absent. */
    static long whole(HttpServletRequest request, String name, long fallback, long min) throws ApiJson.BadRequest {
        String text = single(request, name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min) {
            throw new ApiJson.BadRequest("query parameter '" + name + "' must be a whole number of at least " + min
                    + ", found '" + ApiJson.shorten(text) + "'");
        }
        return value;
    }
}
