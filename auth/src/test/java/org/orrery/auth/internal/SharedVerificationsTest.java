package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Requests with the same credentials share one slow check while it runs. */
class SharedVerificationsTest {

    @Test
    void requestsWithTheSameCredentialsWaitForTheOneCheckRunning() throws Exception {
        SharedVerifications shared = new SharedVerifications();
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<Boolean> first = pool.submit(() -> shared.verify("alice|x", () -> {
                checks.incrementAndGet();
                started.countDown();
                await(release);
                return true;
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            List<Future<Boolean>> others = new ArrayList<>();
            List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(pool.submit(() -> {
                    waiting.add(Thread.currentThread());
                    return shared.verify("alice|x", () -> {
                        checks.incrementAndGet();
                        return true;
                    });
                }));
            }
            // until each of the seven either waits (for the first's answer) or has run a check of its own
            while (checks.get() == 1 && (waiting.size() < 7
                    || !waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING))) {
                Thread.onSpinWait();
            }
            assertEquals(1, checks.get(), "the seven ran no check of their own while the first ran");
            // a different password is its own check, not the one running
            assertFalse(shared.verify("alice|y", () -> {
                checks.incrementAndGet();
                return false;
            }));
            release.countDown();
            assertTrue(first.get(10, TimeUnit.SECONDS));
            for (Future<Boolean> f : others) {
                assertTrue(f.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, checks.get(), "the first and the other password's");
        assertEquals(0, shared.running());
    }

    @Test
    void aCheckThatFailsLeavesNothingBehind() {
        SharedVerifications shared = new SharedVerifications();
        assertThrows(IllegalArgumentException.class, () -> shared.verify("bob|z", () -> {
            throw new IllegalArgumentException("not a hash");
        }));
        assertEquals(0, shared.running());
        assertTrue(shared.verify("bob|z", () -> true));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
