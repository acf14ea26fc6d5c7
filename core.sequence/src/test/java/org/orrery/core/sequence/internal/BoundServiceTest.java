package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class BoundServiceTest {

    /** A registry's objects: counts the gets. */
    private static final class Objects implements ComponentServiceObjects<String> {
        final String value;
        final AtomicInteger gets = new AtomicInteger();

        Objects(String value) {
            this.value = value;
        }

        @Override
        public String getService() {
            gets.incrementAndGet();
            return value;
        }

        @Override
        public void ungetService(String service) {
        }

        @Override
        public ServiceReference<String> getServiceReference() {
            return null;
        }
    }

    @Test
    void boundWithoutBeingGotThenGotOnceOnFirstUse() {
        BoundService<String> sky = new BoundService<>();
        assertNull(sky.get());
        Objects first = new Objects("first");
        sky.bind(first);
        assertEquals(0, first.gets.get(), "binding activates nothing");
        assertEquals("first", sky.get());
        assertEquals("first", sky.get());
        assertEquals(1, first.gets.get());
    }

    @Test
    void aReplacementBoundBeforeTheOldOneIsUnboundIsKept() {
        BoundService<String> sky = new BoundService<>();
        Objects first = new Objects("first");
        Objects second = new Objects("second");
        sky.bind(first);
        sky.get();
        sky.bind(second); // DS binds a dynamic reference's replacement first
        sky.unbind(first);
        assertEquals("second", sky.get());
        sky.unbind(second);
        assertNull(sky.get());
    }
}
