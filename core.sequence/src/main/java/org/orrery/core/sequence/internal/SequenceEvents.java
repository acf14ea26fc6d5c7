package org.orrery.core.sequence.internal;

import java.util.HashMap;
import java.util.Map;

import org.orrery.sequence.SequenceEvent;

/** A {@link SequenceEvent} as Event Admin properties, named by its constants. */
final class SequenceEvents {

    private SequenceEvents() {
    }

    static Map<String, Object> properties(SequenceEvent e) {
        Map<String, Object> p = new HashMap<>();
        p.put(SequenceEvent.PROPERTY_TYPE, e.type().id());
        p.put(SequenceEvent.PROPERTY_SEQUENCE_ID, e.sequenceId());
        p.put(SequenceEvent.PROPERTY_SEQUENCE_NAME, e.sequenceName());
        p.put(SequenceEvent.PROPERTY_STATE, e.state().id());
        p.put(SequenceEvent.PROPERTY_TIMESTAMP, e.timestamp().toString());
        putIf(p, SequenceEvent.PROPERTY_STEP_ID, e.stepId());
        putIf(p, SequenceEvent.PROPERTY_PATH, e.path());
        putIf(p, SequenceEvent.PROPERTY_STEP_TYPE, e.stepType());
        putIf(p, SequenceEvent.PROPERTY_TASK_ID, e.taskId());
        putIf(p, SequenceEvent.PROPERTY_ERROR, e.error());
        return p;
    }

    private static void putIf(Map<String, Object> p, String name, Object value) {
        if (value != null) {
            p.put(name, value);
        }
    }
}
