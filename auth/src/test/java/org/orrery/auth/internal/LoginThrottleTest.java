package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(clock::get);

    @Test
    void theDelayDoublesAfterTheFreeFailuresUpToAMinute() {
        assertEquals(Duration.ZERO, LoginThrottle.delayAfter(4));
        assertEquals(Duration.ofSeconds(1), LoginThrottle.delayAfter(5));
        assertEquals(Duration.ofSeconds(2), LoginThrottle.delayAfter(6));
        assertEquals(Duration.ofSeconds(32), LoginThrottle.delayAfter(10));
        assertEquals(Duration.ofSeconds(60), LoginThrottle.delayAfter(11));
        assertEquals(Duration.ofSeconds(60), LoginThrottle.delayAfter(1000));
    }

    @Test
    void failuresFromOneAddressBlockThatAddressForEveryUser() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertEquals(Duration.ofSeconds(1), throttle.blocked("someone-else", "10.0.0.1"));
        assertEquals(Duration.ZERO, throttle.blocked("someone-else", "10.0.0.2"));
    }

    @Test
    void failuresForOneUserBlockThatUserFromEveryAddressWhateverTheCase() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("admin", "10.0.0." + i);
        }
        assertEquals(Duration.ofSeconds(2), throttle.blocked("ADMIN", "192.168.1.1"));
        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        assertEquals(Duration.ofMillis(500), throttle.blocked("admin", "192.168.1.1"));
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(Duration.ZERO, throttle.blocked("admin", "192.168.1.1"));
    }

    @Test
    void aSuccessClearsItsUserAndAddressAndQuietTimeForgets() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        throttle.succeeded("admin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.blocked("admin", "10.0.0.1"));
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        clock.addAndGet(LoginThrottle.FORGET_AFTER.toNanos() + 1);
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.blocked("admin", "10.0.0.1"), "the count started afresh");
    }

    @Test
    void aLoginWithoutAUserNameOrAddressWhileFailuresAreRememberedIsAnsweredAndCountsNothing() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        // a token login has no user name; a request may come without an address
        throttle.succeeded(null, "10.0.0.2");
        throttle.succeeded("viewer", null);
        assertEquals(Duration.ZERO, throttle.blocked(null, "10.0.0.2"));
        assertEquals(Duration.ofSeconds(2), throttle.blocked("admin", null), "admin's count is kept");
        throttle.failed(null, null);
        assertEquals(Duration.ZERO, throttle.blocked(null, null));
    }
}
