package org.orrery.files;

import java.util.List;

/**
 * A page of a listing.
 *
 * @param files the files of this page, in path order
 * @param offset where the page starts
 * @param total how many files the listing has in all
 */
public record FilePage(List<StoredFile> files, int offset, int total) {

    public FilePage {
        files = List.copyOf(files);
    }

    /** Whether files follow this page. */
    public boolean hasMore() {
        return offset + files.size() < total;
    }
}
