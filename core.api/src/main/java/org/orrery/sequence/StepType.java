package org.orrery.sequence;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A step type that a bundle adds to the sequence language (the astronomy {@code target} is one),
 * provided as a DS service and found at run time like an action. The sequence layer validates
 * a step of this type against {@link #schema()}, then asks the type to {@link #expand} it into
 * steps of the core types ({@code task}, {@code sequential}, {@code parallel},
 * {@code conditional}, {@code loop}, {@code wait}, {@code set}) and runs those. The expansion is
 * made once, when the sequence is created, and stored with it, so a sequence that runs or
 * resumes after a restart does not need the bundle that expanded it.
 */
@ConsumerType
public interface StepType {

    /** The {@code type} a document uses, e.g. {@code target}; unique among installed step types, never a core type. */
    String type();

    /** One line for people. */
    default String description() {
        return "";
    }

    /**
     * The JSON schema (draft 2020-12) the step's object must satisfy ({@code type}, {@code id},
     * {@code name} and the error policy fields are checked by the sequence layer and may be
     * left out). The default accepts any object.
     */
    default String schema() {
        return "{\"type\":\"object\"}";
    }

    /**
     * Turns a valid step of this type into one step of a core type (typically a
     * {@code sequential} container); the result is validated like any other part of a
     * document. Child steps given in the step (for example under {@code steps}) should be kept
     * as they are, with their ids.
     *
     * @param step the step's object, in Orrery's value model, {@code id} included
     * @return the replacement step; its {@code id} should be the given step's
     * @throws SequenceValidationException the step is not acceptable beyond what the schema says;
     *         pointers in its problems are relative to the step
     */
    Map<String, Object> expand(Map<String, Object> step) throws SequenceValidationException;
}
