package org.orrery.auth.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: counts failed logins per user name and per client address.
 * The first {@value #FREE_FAILURES} failures in a row cost nothing; after that each key is
 * blocked for 1 s, doubling with every further failure up to {@link #MAX_DELAY}. While a key is
 * blocked, attempts for it are refused without checking the password (and do not count). A
 * successful login clears its user's and its address's count; a key with no failure for
 * {@link #FORGET_AFTER} starts afresh.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Past this many remembered keys, forgotten ones are swept out on the next failure. */
    static final int SWEEP_ABOVE = 10_000;

    private final LongSupplier nanoClock;
    /** Read without a lock (every request asks, and almost always nothing is remembered); changed by {@link #failed} under this object's lock. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** How long logins for this user (may be null) from this address must still wait; zero when they may go ahead. */
    Duration blocked(String user, String address) {
        if (failures.isEmpty()) {
            return Duration.ZERO;
        }
        long now = nanoClock.getAsLong();
        long wait = Math.max(remaining(userKey(user), now), remaining(addressKey(address), now));
        return Duration.ofNanos(wait);
    }

    /** Counts a failed login for this user (may be null) and address. */
    synchronized void failed(String user, String address) {
        long now = nanoClock.getAsLong();
        if (failures.size() > SWEEP_ABOVE) {
            failures.values().removeIf(f -> now - f.lastNanos() > FORGET_AFTER.toNanos());
        }
        count(userKey(user), now);
        count(addressKey(address), now);
    }

    /** A successful login: its user and its address start afresh. */
    void succeeded(String user, String address) {
        if (failures.isEmpty()) {
            return;
        }
        forget(userKey(user));
        forget(addressKey(address));
    }

    /** A key that may be null (no user name: a token login; no address): the map takes no null. */
    private void forget(String key) {
        if (key != null) {
            failures.remove(key);
        }
    }

    /** The delay after {@code count} failures in a row: none up to {@value #FREE_FAILURES}, then 1 s, 2 s, 4 s, … up to the maximum. */
    static Duration delayAfter(int count) {
        if (count < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - FREE_FAILURES, 30);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private void count(String key, long now) {
        if (key == null) {
            return;
        }
        Failures f = failures.get(key);
        int before = f == null || now - f.lastNanos() > FORGET_AFTER.toNanos() ? 0 : f.count();
        failures.put(key, new Failures(before + 1, now));
    }

    private long remaining(String key, long now) {
        Failures f = key == null ? null : failures.get(key);
        if (f == null) {
            return 0;
        }
        long until = f.lastNanos() + delayAfter(f.count()).toNanos();
        return Math.max(0, until - now);
    }

    private static String userKey(String user) {
        return user == null || user.isEmpty() ? null : "user:" + user.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null || address.isEmpty() ? null : "address:" + address;
    }

    /** Failures in a row of one key, and when the last was. */
    private record Failures(int count, long lastNanos) {
    }
}
