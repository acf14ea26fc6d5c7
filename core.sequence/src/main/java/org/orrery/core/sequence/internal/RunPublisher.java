package org.orrery.core.sequence.internal;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flush of a run hands out once the run's state is stored: its new target decisions into
 * the target store, then its events, in order (an event that reports a decision is posted with
 * it). A decision the target store refuses is logged and its event still posted: the run's
 * state, which is stored, already took it. Used on the runner's actor thread.
 */
final class RunPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceRunner.class);

    private final Consumer<SequenceEvent> events;
    private final Supplier<TargetStore> targets;
    private volatile BiConsumer<SequenceEvent, TargetDecision> decisionEvents;

    /** @param targets the target store installed now, or null */
    RunPublisher(Consumer<SequenceEvent> events, Supplier<TargetStore> targets) {
        this.events = events;
        this.targets = targets;
        this.decisionEvents = (e, d) -> events.accept(e);
    }

    /** Decisions posted with their decision (the component adds it to the Event Admin event). */
    void onDecisions(BiConsumer<SequenceEvent, TargetDecision> consumer) {
        this.decisionEvents = consumer;
    }

    /** Stores the run's new decisions, then posts its events; both lists are emptied. */
    void publish(Run run) {
        storeDecisions(run);
        List<SequenceEvent> posted = List.copyOf(run.events);
        run.events.clear();
        for (SequenceEvent e : posted) {
            try {
                TargetDecision decision = run.decisionEvents.remove(e);
                if (decision != null) {
                    decisionEvents.accept(e, decision);
                    continue;
                }
                events.accept(e);
            } catch (RuntimeException x) {
                LOG.warn("Posting {} of sequence {} failed: {}", e.type().id(), run.id, x.toString());
            }
        }
    }

    private void storeDecisions(Run run) {
        List<TargetDecision> decisions = List.copyOf(run.newDecisions);
        run.newDecisions.clear();
        TargetStore store = targets.get();
        for (TargetDecision d : decisions) {
            try {
                if (store == null) {
                    throw new TaskStoreException("no target store installed", null);
                }
                store.appendDecision(d);
            } catch (TaskStoreException | RuntimeException e) {
                LOG.warn("Decision {} of sequence {} was not stored: {}", d.index(), run.id, e.getMessage());
            }
        }
    }
}
