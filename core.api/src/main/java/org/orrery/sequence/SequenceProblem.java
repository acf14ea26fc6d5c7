package org.orrery.sequence;

/**
 * One thing wrong with a document, and where.
 *
 * @param pointer a JSON pointer into the document ({@code /main/2/steps/0/parameters/exposure});
 *        empty for the whole document
 * @param line 1-based line in the text (YAML, JSON or a file), 0 when the document was not text
 * @param column 1-based column, 0 when unknown
 * @param message what was expected and what was found
 */
public record SequenceProblem(String pointer, int line, int column, String message) {

    public SequenceProblem {
        pointer = pointer == null ? "" : pointer;
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + (line > 0 ? " (line " + line + ", column " + column + ")" : "")
                + ": " + message;
    }
}
