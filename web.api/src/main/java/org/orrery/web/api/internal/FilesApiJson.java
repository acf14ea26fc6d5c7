package org.orrery.web.api.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.orrery.files.Compression;
import org.orrery.files.FilePage;
import org.orrery.files.StoredFile;

/**
 * How {@code /api/v1/files} shows stored files: the JSON of a file and of a listing page, and the
 * media type and download name of a file's content (which is served decompressed).
 */
final class FilesApiJson {

    private FilesApiJson() {
    }

    /** A stored file: path, name, sizes, time, compression, encryption (never its key). */
    static Map<String, Object> file(StoredFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("name", name(f.path()));
        m.put("size", f.size() < 0 ? null : f.size());
        m.put("stored_size", f.storedSize());
        m.put("modified", f.modified().toString());
        m.put("compression", f.compression().id());
        m.put("compressed", f.compression() != Compression.NONE);
        m.put("encrypted", f.encrypted());
        return m;
    }

    /** A page of a listing, with what was asked. */
    static Map<String, Object> page(String folder, boolean recursive, int limit, FilePage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", folder);
        m.put("recursive", recursive);
        m.put("offset", page.offset());
        m.put("limit", limit);
        m.put("total", page.total());
        m.put("has_more", page.hasMore());
        List<Map<String, Object>> files = page.files().stream().map(FilesApiJson::file).toList();
        m.put("files", files);
        return m;
    }

    /** The last segment of a path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The name of the content as served: the stored name without its {@code .gz} or {@code .zst}
     * when the store compressed the file (the content is served decompressed), e.g.
     * {@code M42_001.fits.gz} stored gzip-compressed is served as {@code M42_001.fits}.
     */
    static String servedName(StoredFile f) {
        String name = name(f.path());
        if (f.compression() == Compression.NONE) {
            return name;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] { ".gz", ".zst" }) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** The media type of content of this name; {@code application/octet-stream} when not one of the known kinds. */
    static String contentType(String name) {
        String image = ImagesServlet.contentType(name);
        if (!image.equals("application/octet-stream")) {
            return image;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (lower.endsWith(".txt") || lower.endsWith(".csv") || lower.endsWith(".log")) {
            return "text/plain; charset=UTF-8";
        }
        if (lower.endsWith(".gz")) {
            return "application/gzip";
        }
        if (lower.endsWith(".zst")) {
            return "application/zstd";
        }
        return "application/octet-stream";
    }

    /** Whether a browser may show content of this type in place (else it is offered as a download). */
    static boolean inline(String contentType) {
        return contentType.startsWith("image/") || contentType.startsWith("text/plain")
                || contentType.equals("application/json");
    }
}
