package org.orrery.sequence;

import java.util.List;

/**
 * One page of a sequence listing.
 *
 * @param sequences the sequences, oldest first
 * @param nextCursor give it back for the next page; null on the last page
 */
public record SequencePage(List<SequenceInfo> sequences, String nextCursor) {
    public SequencePage {
        sequences = List.copyOf(sequences);
    }
}
