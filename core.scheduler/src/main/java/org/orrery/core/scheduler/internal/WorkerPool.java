package org.orrery.core.scheduler.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that run the synchronous part of actions: daemon threads, resizable while running. */
final class WorkerPool extends ThreadPoolExecutor {

    WorkerPool(int threads) {
        super(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new Factory());
        allowCoreThreadTimeOut(true);
    }

    /** A new number of threads (the order of the two calls keeps core at most max). */
    void resize(int threads) {
        if (threads > getMaximumPoolSize()) {
            setMaximumPoolSize(threads);
            setCorePoolSize(threads);
        } else {
            setCorePoolSize(threads);
            setMaximumPoolSize(threads);
        }
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "orrery-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
