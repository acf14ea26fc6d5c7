package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ActorTest {

    @Test
    void anEventThatThrowsIsLoggedAndTheNextEventStillRuns() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Actor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Actor actor = new Actor(executor::submit);
            List<String> ran = new ArrayList<>();
            actor.post(() -> {
                throw new IllegalStateException("broken step");
            });
            actor.post(() -> ran.add("next"));
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(List.of("next"), ran);
            assertTrue(appender.list.stream().anyMatch(e -> e.getThrowableProxy() != null
                    && e.getThrowableProxy().getMessage().equals("broken step")), "the failure is logged with its cause");
        } finally {
            logger.detachAppender(appender);
            executor.shutdownNow();
        }
    }
}
