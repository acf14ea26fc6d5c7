package org.orrery.security;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one login attempt over the network.
 *
 * @param outcome accepted, refused (missing or wrong credentials) or throttled (too many recent
 *            failures for this user or address: the credentials were not even checked)
 * @param user the user, when accepted; null otherwise
 * @param retryAfter when throttled, how long until the next attempt is checked; null otherwise
 */
public record Authentication(Outcome outcome, AuthenticatedUser user, Duration retryAfter) {

    /** The three ways a login attempt ends. */
    public enum Outcome {
        ACCEPTED, REFUSED, THROTTLED
    }

    /** A login that was missing or wrong. */
    public static final Authentication REFUSED = new Authentication(Outcome.REFUSED, null, null);

    public Authentication {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.ACCEPTED) != (user != null)) {
            throw new IllegalArgumentException("a user goes with an accepted login, and only with one");
        }
        if ((outcome == Outcome.THROTTLED) != (retryAfter != null)) {
            throw new IllegalArgumentException("a retry delay goes with a throttled login, and only with one");
        }
    }

    public static Authentication accepted(AuthenticatedUser user) {
        return new Authentication(Outcome.ACCEPTED, Objects.requireNonNull(user, "user"), null);
    }

    public static Authentication throttled(Duration retryAfter) {
        return new Authentication(Outcome.THROTTLED, null, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** The user when accepted, else empty. */
    public Optional<AuthenticatedUser> accepted() {
        return Optional.ofNullable(user);
    }

    /** The whole seconds a client should wait, at least 1 (for an HTTP {@code Retry-After}); 0 unless throttled. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return 0;
        }
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
