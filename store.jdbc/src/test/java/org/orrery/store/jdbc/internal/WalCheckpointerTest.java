package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint thread starts with the first commit, ends when idle and starts again. */
class WalCheckpointerTest {

    @TempDir
    Path folder;

    @Test
    void theThreadStartsWithTheFirstCommitEndsWhenIdleAndComesBack() {
        String url = "jdbc:sqlite:" + folder.resolve("t.db");
        WalCheckpointer checkpointer = new WalCheckpointer(() -> DriverManager.getConnection(url),
                TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(200), "test");
        try {
            assertFalse(checkpointer.running(), "a thread before any commit");
            checkpointer.committed();
            assertTrue(checkpointer.running() || checkpointer.checkpoints() > 0);
            waitFor(() -> checkpointer.checkpoints() >= 1);
            waitFor(() -> !checkpointer.running());
            long before = checkpointer.checkpoints();
            checkpointer.committed();
            waitFor(() -> checkpointer.checkpoints() > before);
        } finally {
            checkpointer.close();
        }
        assertFalse(checkpointer.running());
        checkpointer.committed();
        assertFalse(checkpointer.running(), "a closed checkpointer started a thread");
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
