package org.orrery.web.console.internal;

import java.util.List;
import java.util.Map;

import org.orrery.agent.Agents;
import org.orrery.device.Device;
import org.orrery.sequence.SequenceManager;
import org.orrery.task.Scheduler;

/**
 * What the Orrery page of the Web Console shows, as the service registry has it now: each
 * service may be absent (its bundle stopped or not installed).
 *
 * @param scheduler the scheduler, or null
 * @param sequences the sequence manager, or null
 * @param devices the registered devices
 * @param agents the scheduler's agents, or null
 * @param store the task store's service properties ({@value #STORE_DIALECT}, {@value #STORE_DATABASE}),
 *        or null when no task store is registered
 */
record ConsoleStatus(Scheduler scheduler, SequenceManager sequences, List<Device> devices, Agents agents,
        Map<String, Object> store) {

    /** Service property of store.jdbc's task store: {@code sqlite} or {@code postgresql}. */
    static final String STORE_DIALECT = "orrery.store.dialect";
    /** Service property of store.jdbc's task store: the SQLite file or the JDBC URL, without its password. */
    static final String STORE_DATABASE = "orrery.store.database";

    ConsoleStatus {
        devices = List.copyOf(devices);
    }
}
