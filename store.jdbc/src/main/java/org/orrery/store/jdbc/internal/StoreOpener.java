package org.orrery.store.jdbc.internal;

import java.time.Duration;
import java.util.function.Consumer;

import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database on a thread of its own and keeps trying until it can: a PostgreSQL server
 * that is not up yet, a wrong password, a locked or corrupt SQLite file, a missing driver bundle
 * all go away without a restart of the bundle. Waits between attempts grow from {@code first} to
 * {@code max}; {@link #retryNow()} (a driver arrived) skips the wait. Each new reason is logged
 * once at WARN with the cause in words; the same reason again only at DEBUG.
 *
 * @param <T> what an attempt opens; closed at once when it opens after {@link #close()} (the receiver
 *        of an opened one must check itself whether it still wants it: close() may come meanwhile)
 */
final class StoreOpener<T extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    /** One attempt to open. */
    @FunctionalInterface
    interface Attempt<T> {
        T open() throws TaskStoreException;
    }

    private final String where;
    private final Attempt<T> attempt;
    private final Consumer<T> opened;
    private final Duration first;
    private final Duration max;
    private final Thread thread;
    private boolean closed; // guarded by this
    private boolean wake; // guarded by this
    private String lastError; // guarded by this
    private int failures; // guarded by this

    StoreOpener(String where, Attempt<T> attempt, Consumer<T> opened, Duration first, Duration max) {
        this.where = where;
        this.attempt = attempt;
        this.opened = opened;
        this.first = first;
        this.max = max;
        this.thread = new Thread(this::run, "orrery-task-store-opener");
        thread.setDaemon(true);
    }

    StoreOpener<T> start() {
        thread.start();
        return this;
    }

    /** Tries again now instead of after the wait (something the last attempt lacked may be there now). */
    synchronized void retryNow() {
        wake = true;
        notifyAll();
    }

    /** Why the last attempt failed; null before the first failure and once open. */
    synchronized String lastError() {
        return lastError;
    }

    /** Failed attempts so far. */
    synchronized int failures() {
        return failures;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        while (true) {
            T result;
            try {
                result = attempt.open();
            } catch (TaskStoreException | RuntimeException e) {
                Duration wait;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    failures++;
                    String message = e instanceof TaskStoreException ? e.getMessage() : "task store " + where
                            + " cannot be opened: " + e;
                    wait = delay(failures);
                    if (!message.equals(lastError)) {
                        LOG.warn("{}; the store stays unavailable and tries again in {} (then less often, at least"
                                + " every {})", message, words(wait), words(max));
                    } else {
                        LOG.debug("Attempt {} to open task store {} failed the same way: {}", failures, where, message);
                    }
                    lastError = message;
                    long until = System.nanoTime() + wait.toNanos();
                    while (!closed && !wake) {
                        long left = until - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            wait(Math.max(1, left / 1_000_000), 0);
                        } catch (InterruptedException ie) {
                            // close() interrupts; the loop looks at closed
                        }
                    }
                    wake = false;
                    if (closed) {
                        return;
                    }
                }
                continue;
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(result); // closed while the attempt ran
                    return;
                }
                if (failures > 0) {
                    LOG.info("Task store {} opened after {} failed attempt(s)", where, failures);
                }
                lastError = null;
            }
            // outside the lock: the receiver may register services; it closes what it no longer wants
            opened.accept(result);
            return;
        }
    }

    private static String words(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private Duration delay(int failure) {
        long ms = first.toMillis();
        for (int i = 1; i < failure && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    /** Stops trying; waits for an attempt under way (a connection attempt ends within its timeout). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // it was never handed out
        }
    }
}
