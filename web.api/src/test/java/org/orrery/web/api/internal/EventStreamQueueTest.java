package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EventStreamQueueTest {

    @Test
    void keepsOrderAndRefusesWhatIsOverItsCapacity() {
        EventStreamQueue<Integer> queue = new EventStreamQueue<>(3);
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(1));
        assertTrue(queue.offer(2));
        assertTrue(queue.offer(3));
        assertFalse(queue.offer(4), "full");
        assertEquals(3, queue.size());
        assertEquals(1, queue.poll());
        assertTrue(queue.offer(5), "room again");
        assertEquals(List.of(2, 3, 5), List.of(queue.poll(), queue.poll(), queue.poll()));
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void clearEmptiesAndFreesTheRoom() {
        EventStreamQueue<Integer> queue = new EventStreamQueue<>(2);
        queue.offer(1);
        queue.offer(2);
        queue.clear();
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertTrue(queue.offer(3));
        assertTrue(queue.offer(4));
        assertFalse(queue.offer(5));
    }

    @Test
    void aPublisherAndASenderAtOnceLoseNothingAndKeepOrder() throws Exception {
        EventStreamQueue<Integer> queue = new EventStreamQueue<>(100);
        int n = 50_000;
        List<Integer> received = new ArrayList<>(n);
        Thread sender = new Thread(() -> {
            while (received.size() < n) {
                Integer item = queue.poll();
                if (item != null) {
                    received.add(item);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        sender.start();
        for (int i = 0; i < n; i++) {
            while (!queue.offer(i)) {
                Thread.onSpinWait(); // full: wait for the sender (the hub would drop the client instead)
            }
        }
        sender.join(30_000);
        assertEquals(n, received.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, received.get(i));
        }
        assertEquals(0, queue.size());
    }
}
