package org.orrery.sequence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.orrery.task.PauseMode;
import org.orrery.task.TaskException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Seed 000's SequenceManager (with its TaskGenerator) and seed 004's workflow operations: the
 * platform's one sequence service. It validates, stores and runs sequence documents; every step
 * that does work is a task of the {@link org.orrery.task.Scheduler}, tagged with its sequence and
 * step. Every change is stored before the method returns and before its event is posted.
 * Methods are safe to call from any thread.
 */
@ProviderType
public interface SequenceManager {

    /** The JSON schema (draft 2020-12) of a sequence document, as text. */
    String schema();

    // ---------------------------------------------------------------- documents

    /** Every problem of a document given as text; empty when it is valid (the document is not stored). */
    List<SequenceProblem> validate(String text, DocumentFormat format);

    /** Every problem of a document file (its format by extension); problems name lines and columns. */
    List<SequenceProblem> validateFile(Path file);

    /** The same document in the other spelling. */
    String convert(String text, DocumentFormat from, DocumentFormat to) throws SequenceValidationException;

    /** Validates and stores a document (seed 000's {@code createSequence}); it does not start. */
    SequenceInfo create(String text, DocumentFormat format) throws TaskException;

    /** Validates and stores a document given as a value (Orrery's value model). */
    SequenceInfo create(Map<String, Object> document) throws TaskException;

    /** Seed 000's {@code loadSequenceFromFile}: validates and stores the document in a file. */
    SequenceInfo loadSequenceFromFile(Path file) throws TaskException;

    /** Seed 000's {@code saveSequence}: writes a stored sequence's document to a file (format by extension). */
    void saveSequence(String id, Path file) throws TaskException;

    /** A stored sequence's document as text. */
    String export(String id, DocumentFormat format) throws TaskException;

    // ---------------------------------------------------------------- templates

    /** The templates: built-ins that bundles ship, and the files in {@code etc/templates/} of the home. */
    List<TemplateInfo> templates();

    Optional<TemplateInfo> template(String name);

    /**
     * Seed 000's {@code createSequenceFromTemplate}: checks the parameters against the template's
     * schema (defaults filled in), expands the {@code ${…}} references, validates and stores the result.
     */
    SequenceInfo createSequenceFromTemplate(String template, Map<String, Object> parameters) throws TaskException;

    // ---------------------------------------------------------------- running

    /** Starts a created sequence; returns at once. */
    SequenceInfo start(String id) throws TaskException;

    /**
     * Seed 000's {@code executeSequence(sequence, async)}: starts a created sequence; with
     * {@code async} false, waits until it finished and returns its final state.
     */
    SequenceInfo executeSequence(String id, boolean async) throws TaskException, InterruptedException;

    /** Completes with the sequence's final state once it is terminal (at once if it is). */
    CompletionStage<SequenceInfo> whenFinished(String id);

    /**
     * Pauses: {@link PauseMode#DEFERRED} lets the running steps finish and starts nothing new;
     * {@link PauseMode#IMMEDIATE} cancels the running tasks too, which run again on resume.
     */
    SequenceInfo pause(String id, PauseMode mode) throws TaskException;

    SequenceInfo resume(String id) throws TaskException;

    /** Stops: running steps are cancelled, the rest of start and main is skipped, the end area runs. */
    SequenceInfo stop(String id) throws TaskException;

    /** Skips the rest of start and main (running steps are cancelled); the end area runs; it completes. */
    SequenceInfo skipToEnd(String id) throws TaskException;

    /** The emergency stop: running steps are cancelled and nothing more runs, not even the end area. */
    SequenceInfo halt(String id) throws TaskException;

    /** Removes a sequence that does not run (created or terminal); its tasks stay in the scheduler. */
    void delete(String id) throws TaskException;

    Optional<SequenceInfo> get(String id);

    /**
     * One page of sequences, oldest first.
     *
     * @param states only these; every state when empty
     * @param cursor the previous page's {@link SequencePage#nextCursor()}, or null
     * @param limit 1 to 1000
     */
    SequencePage list(Set<SequenceState> states, String cursor, int limit) throws TaskException;

    /**
     * The target decisions of a sequence's planners, oldest first: those after the given
     * {@link TargetDecision#index()} (-1 for all), at most {@code limit}.
     *
     * @throws SequenceNotFoundException no such sequence
     */
    List<TargetDecision> decisions(String id, long afterIndex, int limit) throws TaskException;

    /**
     * Runs the sequence's target planning against the sky clock from {@code from} to {@code until}
     * without moving any device or starting any task, and returns the night as it would go:
     * which target when, the waits, and every decision with its reasons. Frames already acquired
     * (the target store) count as done. The sequence may be in any state; nothing of it changes.
     *
     * @throws SequenceNotFoundException no such sequence
     * @throws SequenceValidationException {@code until} is not after {@code from}, or more than 7 days after it
     */
    NightPreview preview(String id, Instant from, Instant until) throws TaskException;
}
