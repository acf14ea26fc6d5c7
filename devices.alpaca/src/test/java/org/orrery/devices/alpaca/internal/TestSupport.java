package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers shared by the tests: fast settings for the fake server, waiting with a deadline, config proxies. */
final class TestSupport {

    private TestSupport() {
    }

    static DeviceSettings settings(FakeAlpacaServer server, AlpacaType type) {
        return settings(server.host(), server.port(), type, true);
    }

    static DeviceSettings settings(String host, int port, AlpacaType type, boolean imageBytes) {
        return new DeviceSettings("test-" + type.path(), "", host, port, type, 0, 4242, Duration.ofMillis(100),
                Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10), imageBytes);
    }

    /** Waits up to 10 s for the condition; fails with the message (and what the supplier says) when it never holds. */
    static void await(BooleanSupplier condition, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached within 10 s; seen: " + whatWasSeen.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static <T> T join(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not complete within 15 s", e);
        }
    }

    /** The cause an operation failed with. */
    static Throwable failure(CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not complete within 15 s", e);
        }
        throw new AssertionError("expected the operation to fail, it completed normally");
    }

    /**
     * An instance of a metatype config annotation: the given properties (by their dotted names) over
     * the annotation's defaults, as DS would build it.
     */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> properties) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("annotationType")) {
                return type;
            }
            if (name.equals("toString") || name.equals("hashCode") || name.equals("equals")) {
                return name.equals("toString") ? type.getSimpleName() + properties : name.equals("hashCode")
                        ? System.identityHashCode(proxy) : proxy == args[0];
            }
            String key = name.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (key.startsWith(".")) {
                key = key.substring(1);
            }
            Object v = properties.get(key);
            return v != null ? v : method.getDefaultValue();
        });
    }
}
