package org.orrery.core.sequence.internal;

import java.util.Map;

import org.orrery.sequence.SequenceProblem;

/**
 * A document read from text (or given as a value), with where each node was written.
 *
 * @param document the document in Orrery's value model
 * @param locations JSON pointer → {line, column} (1-based) of every node; empty when the document was no text
 */
public record ParsedDocument(Map<String, Object> document, Map<String, int[]> locations) {

    public ParsedDocument {
        locations = Map.copyOf(locations);
    }

    /** A document given as a value: its problems name no lines. */
    public static ParsedDocument of(Map<String, Object> document) {
        return new ParsedDocument(document, Map.of());
    }

    /**
     * A problem at a pointer, with the line and column of that node — or of the nearest node
     * that encloses it when it was not written (a missing field).
     */
    public SequenceProblem problem(String pointer, String message) {
        String at = pointer;
        while (true) {
            int[] location = locations.get(at);
            if (location != null) {
                return new SequenceProblem(pointer, location[0], location[1], message);
            }
            if (at.isEmpty()) {
                return new SequenceProblem(pointer, 0, 0, message);
            }
            at = at.substring(0, at.lastIndexOf('/'));
        }
    }

    /** The same problem with the line and column of its pointer. */
    public SequenceProblem locate(SequenceProblem problem) {
        return problem.line() > 0 ? problem : problem(problem.pointer(), problem.message());
    }
}
