package org.orrery.agents.codegen.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waits without holding a thread (retries); tests inject one that records and does not wait. */
@FunctionalInterface
interface Sleeper {

    CompletionStage<Void> sleep(Duration duration);

    /** The JDK's delayed executor: a timer, no thread held while waiting. */
    Sleeper SYSTEM = duration -> CompletableFuture.runAsync(() -> {
    }, CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS));
}
