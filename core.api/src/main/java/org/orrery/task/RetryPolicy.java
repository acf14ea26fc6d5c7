package org.orrery.task;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed attempt is tried again: up to {@code maxRetries} more times, waiting
 * {@code retryDelay × backoff^(n-1)} (at most {@code maxDelay}) before retry {@code n}, varied
 * by ± {@code jitter} (a fraction) so that many failed tasks do not all retry at once.
 *
 * @param maxRetries how many retries after the first attempt (0: none)
 * @param retryDelay the delay before the first retry
 * @param backoff the factor each further delay grows by (1: constant)
 * @param maxDelay the longest delay
 * @param jitter the random share of each delay, 0 to 1
 */
public record RetryPolicy(int maxRetries, Duration retryDelay, double backoff, Duration maxDelay, double jitter) {

    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, 0);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries must not be negative, was " + maxRetries);
        }
        Objects.requireNonNull(retryDelay, "retry_delay");
        Objects.requireNonNull(maxDelay, "max_delay");
        if (retryDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry_delay and max_delay must not be negative");
        }
        if (!(backoff >= 1) || Double.isInfinite(backoff)) {
            throw new IllegalArgumentException("backoff must be 1 or more, was " + backoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        if (maxDelay.compareTo(retryDelay) < 0) {
            maxDelay = retryDelay;
        }
    }

    /** {@code maxRetries} retries after a constant delay. */
    public static RetryPolicy fixed(int maxRetries, Duration delay) {
        return new RetryPolicy(maxRetries, delay, 1, delay, 0);
    }

    /**
     * The delay before retry number {@code retry} (1 for the first).
     *
     * @param random a number in [0, 1) that decides the jitter
     */
    public Duration delayBefore(int retry, double random) {
        if (maxDelay.compareTo(LONGEST_IN_NANOS) > 0) {
            // beyond what a long counts in nanoseconds (about 292 years): in seconds, never an overflow
            double base = seconds(retryDelay) * Math.pow(backoff, Math.max(0, retry - 1));
            double varied = Math.min(base, seconds(maxDelay)) * (1 + jitter * (2 * random - 1));
            if (varied >= seconds(maxDelay)) {
                return maxDelay;
            }
            return varied > 0 ? Duration.ofSeconds((long) varied) : Duration.ZERO;
        }
        double base = retryDelay.toNanos() * Math.pow(backoff, Math.max(0, retry - 1));
        double capped = Math.min(base, maxDelay.toNanos());
        double varied = capped * (1 + jitter * (2 * random - 1));
        return Duration.ofNanos((long) Math.max(0, Math.min(varied, maxDelay.toNanos())));
    }

    private static final Duration LONGEST_IN_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
