package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

import org.orrery.files.Compression;
import org.orrery.files.FilePage;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.StoredFile;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The files of the file store ({@link FileStore}, bundle {@code org.orrery.store.files}), read
 * only: {@code GET /api/v1/files?folder=&recursive=&offset=&limit=} lists them,
 * {@code GET /api/v1/files/<path>} serves one decompressed and decrypted, streamed. The path rules
 * are the store's (a path it refuses is a 400 naming it); a file whose content fails
 * authentication is a 500 that sends none of it. Nothing here writes: writes are {@code storage}
 * tasks.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/files",
        "osgi.http.whiteboard.servlet.pattern=/files/*",
        "osgi.http.whiteboard.servlet.name=orrery-files" })
public final class FilesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String BUNDLE = "org.orrery.store.files";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FileStore store;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            noBody(request);
            String info = request.getPathInfo();
            String path = info == null ? "" : info.startsWith("/") ? info.substring(1) : info;
            if (path.isEmpty()) {
                list(request, response);
            } else {
                QueryParameters.only(request, Set.of(), "GET /files/{path}");
                serve(path, request, response);
            }
        });
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws Refusal, ApiJson.BadRequest,
            IOException {
        QueryParameters.only(request, Set.of("folder", "recursive", "offset", "limit"), "GET /files");
        String folder = request.getParameter("folder") == null ? "" : request.getParameter("folder");
        boolean recursive = QueryParameters.flag(request, "recursive");
        long offset = QueryParameters.whole(request, "offset", 0, 0);
        if (offset > Integer.MAX_VALUE) {
            throw new ApiJson.BadRequest("query parameter 'offset' must be at most " + Integer.MAX_VALUE + ", found "
                    + offset);
        }
        int limit = QueryParameters.limit(request, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        FilePage page;
        try {
            page = available().list(folder, recursive, (int) offset, limit);
        } catch (FileStoreException e) {
            throw refusal(e, "folder", folder);
        }
        json(response, 200, FilesApiJson.page(folder, recursive, limit, page));
    }

    private void serve(String path, HttpServletRequest request, HttpServletResponse response) throws Refusal,
            IOException {
        FileStore files = available();
        StoredFile file;
        try {
            Optional<StoredFile> found = files.stat(path);
            if (found.isEmpty()) {
                throw new FileStoreException(FileStoreException.Reason.NOT_FOUND, "no such file");
            }
            file = found.get();
        } catch (FileStoreException e) {
            throw refusal(e, "file", path);
        }
        String etag = "\"" + Long.toHexString(file.modified().toEpochMilli()) + "-" + Long.toHexString(file.storedSize())
                + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(file.modified().atOffset(
                ZoneOffset.UTC)));
        response.setHeader("Cache-Control", "private, no-cache");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        try (InputStream in = files.open(path)) {
            String name = FilesApiJson.servedName(file);
            String type = FilesApiJson.contentType(name);
            response.setStatus(200);
            response.setContentType(type);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Disposition", (FilesApiJson.inline(type) ? "inline" : "attachment")
                    + "; filename=\"" + name.replaceAll("[^A-Za-z0-9._+-]", "_") + "\"");
            // a size the store knows for sure: plain, or from its authenticated header. A compressed
            // file's size comes from the stream's own fields (gzip's ISIZE, zstd's first frame),
            // which a file put there by hand (several members or frames) may get wrong
            if (file.size() >= 0 && (file.encrypted() || file.compression() == Compression.NONE)) {
                response.setContentLengthLong(file.size());
            }
            copy(in, response, path);
        } catch (FileStoreException e) {
            throw refusal(e, "file", path);
        }
    }

    /**
     * Streams the content. A failure to read before anything was sent (a chunk that fails
     * authentication) still becomes a problem answer; after that the connection is cut, so a
     * client never takes a short answer for the whole file.
     */
    private static void copy(InputStream in, HttpServletResponse response, String path) throws Refusal, IOException {
        OutputStream out = response.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        boolean sent = false;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                if (!sent && !response.isCommitted()) {
                    response.reset();
                    throw unreadable(path, e);
                }
                throw new IOException("reading the stored file '" + path + "' failed after its first bytes were sent: "
                        + e.getMessage(), e);
            }
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
            sent = true;
        }
    }

    private static Refusal unreadable(String path, IOException e) {
        if (e.getCause() instanceof FileStoreException f) {
            return refusal(f, "file", path);
        }
        return new Refusal(500, "Internal Server Error", "the stored file '" + path + "' could not be read: "
                + e.getMessage());
    }

    /** The answer to a store's refusal, naming the path. */
    static Refusal refusal(FileStoreException e, String what, String path) {
        String shown = ApiJson.shorten(path);
        return switch (e.reason()) {
            case BAD_PATH -> new Refusal(400, "Bad Request", "'" + shown + "' is not a " + what
                    + " path the file store accepts: " + e.getMessage()
                    + " (paths are relative, '/'-separated, and stay under the store's root)");
            case NOT_FOUND -> new Refusal(404, "Not Found", "no " + what + " '" + shown + "' in the file store");
            case TAMPERED -> new Refusal(500, "Internal Server Error", "the stored file '" + shown
                    + "' failed authentication (it was changed on disk, or is encrypted with another key): none of"
                    + " its content is served");
            case NO_KEY -> new Refusal(503, "Service Unavailable", "the key to decrypt '" + shown
                    + "' is not configured in the file store: " + e.getMessage());
            default -> new Refusal(500, "Internal Server Error", "the file store could not read '" + shown + "': "
                    + e.getMessage());
        };
    }

    private FileStore available() throws Refusal {
        FileStore s = store;
        if (s == null) {
            throw new Refusal(503, "Service Unavailable", "there is no file store: the storage bundle (" + BUNDLE
                    + ") is not installed, not started, or still starting");
        }
        return s;
    }

}
