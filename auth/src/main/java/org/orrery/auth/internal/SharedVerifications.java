package org.orrery.auth.internal;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * One slow password check at a time per set of credentials: requests that bring the same
 * credentials while their check runs wait for its answer instead of running PBKDF2 again. Without
 * it, the first burst after a start (a dashboard and a script, or 32 connections of a load test,
 * all with the same Basic credentials) ran one PBKDF2 per request at once: seconds of CPU on a
 * small machine before the first answer was remembered. The key names the credentials (a keyed
 * hash of user and password, and the stored hash they are checked against), never the password.
 */
final class SharedVerifications {

    private final Map<String, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();

    /** The check's answer for these credentials: run here, or the one another thread is running. */
    boolean verify(String credentials, BooleanSupplier check) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> other = running.putIfAbsent(credentials, mine);
        if (other != null) {
            try {
                return other.join();
            } catch (CompletionException | CancellationException e) {
                return check.getAsBoolean(); // that check failed: this request checks for itself
            }
        }
        try {
            boolean ok = check.getAsBoolean();
            mine.complete(ok);
            return ok;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(credentials, mine);
        }
    }

    /** Checks running now (tests). */
    int running() {
        return running.size();
    }
}
