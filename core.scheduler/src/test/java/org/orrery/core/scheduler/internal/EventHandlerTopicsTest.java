package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Event Admin's topic patterns, as the scheduler reads them from its handlers. */
class EventHandlerTopicsTest {

    @Test
    void patternsMatchAsEventAdminMatchesThem() {
        String topic = "org/orrery/task/COMPLETED";
        assertTrue(EventHandlerTopics.matches("*", topic));
        assertTrue(EventHandlerTopics.matches("org/orrery/task/*", topic));
        assertTrue(EventHandlerTopics.matches("org/*", topic));
        assertTrue(EventHandlerTopics.matches(topic, topic));
        assertFalse(EventHandlerTopics.matches("org/orrery/task/FAILED", topic));
        assertFalse(EventHandlerTopics.matches("org/orrery/tasks/*", topic));
        assertFalse(EventHandlerTopics.matches("org/orrery/task", topic));
        assertFalse(EventHandlerTopics.matches("org/orrery/task/COMPLETED/*", topic));
    }
}
