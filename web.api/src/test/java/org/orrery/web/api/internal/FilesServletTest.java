package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.files.Compression;
import org.orrery.files.WriteOptions;
import org.orrery.security.Role;

import com.fasterxml.jackson.databind.JsonNode;

class FilesServletTest {

    private static final byte[] FITS = "SIMPLE  =                    T".getBytes(StandardCharsets.US_ASCII);

    private final FakeFileStore store = new FakeFileStore();
    private final FilesServlet servlet = new FilesServlet();

    @BeforeEach
    void files() throws Exception {
        servlet.store = store;
        store.write("frames/2026-12-05/M42_001.fits.gz", FITS, new WriteOptions(Compression.GZIP, false, true));
        store.write("frames/2026-12-05/M42_001.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' },
                new WriteOptions(Compression.NONE, true, true));
        store.write("notes.txt", "clear sky".getBytes(StandardCharsets.UTF_8), WriteOptions.PLAIN);
        store.write("raw/data.gz", new byte[] { 0x1f, (byte) 0x8b }, WriteOptions.PLAIN);
    }

    @Test
    void aGzipFitsFileIsServedDecompressedAsFitsWithItsTimes() throws Exception {
        FakeHttp http = get("/frames/2026-12-05/M42_001.fits.gz", Role.VIEWER, Map.of());
        assertEquals(200, http.status, http.body());
        assertArrayEquals(FITS, http.body.toByteArray());
        assertEquals("application/fits", http.headers.get("Content-Type"));
        assertNull(http.headers.get("Content-Length"), "a gzip stream's ISIZE is not a length to promise");
        assertEquals("attachment; filename=\"M42_001.fits\"", http.headers.get("Content-Disposition"));
        assertEquals("Sat, 5 Dec 2026 20:15:30 GMT", http.headers.get("Last-Modified"));
        assertEquals("nosniff", http.headers.get("X-Content-Type-Options"));
        assertTrue(http.headers.get("ETag").startsWith("\""), http.headers.get("ETag"));
    }

    @Test
    void typesFollowTheNameOfTheContentAsServed() throws Exception {
        assertEquals("image/png", get("/frames/2026-12-05/M42_001.png", Role.VIEWER, Map.of()).headers.get("Content-Type"));
        FakeHttp text = get("/notes.txt", Role.VIEWER, Map.of());
        assertEquals("text/plain; charset=UTF-8", text.headers.get("Content-Type"));
        assertEquals("inline; filename=\"notes.txt\"", text.headers.get("Content-Disposition"));
        assertEquals("clear sky", text.body());
        assertEquals("9", text.headers.get("Content-Length"));
        assertEquals("4", get("/frames/2026-12-05/M42_001.png", Role.VIEWER, Map.of()).headers.get("Content-Length"),
                "encrypted: the size from the authenticated header");
        // stored without the store's compression: the bytes are gzip, and said to be
        assertEquals("application/gzip", get("/raw/data.gz", Role.VIEWER, Map.of()).headers.get("Content-Type"));
    }

    @Test
    void theSameVersionAskedAgainIsNotSentAgain() throws Exception {
        String etag = get("/notes.txt", Role.VIEWER, Map.of()).headers.get("ETag");
        FakeHttp again = get("/notes.txt", Map.of(), Map.of("If-None-Match", etag));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());
    }

    @Test
    void pathsTheStoreRefusesAre400NamingThePathAndWhy() throws Exception {
        for (String path : new String[] { "/../etc/passwd", "/frames/../../x", "//etc/passwd", "/a\\b" }) {
            FakeHttp http = get(path, Role.VIEWER, Map.of());
            assertEquals(400, http.status, path + ": " + http.body());
            String shown = path.substring(1).replace("\\", "\\\\");
            assertTrue(http.body().contains("'" + shown + "' is not a file path the file store accepts: '..', absolute"),
                    http.body());
        }
    }

    @Test
    void aMissingFileIs404NamingIt() throws Exception {
        FakeHttp http = get("/frames/none.fits", Role.VIEWER, Map.of());
        assertEquals(404, http.status);
        assertTrue(http.body().contains("no file 'frames/none.fits' in the file store"), http.body());
    }

    @Test
    void aTamperedFileIsAProblemThatSendsNoneOfItsContent() throws Exception {
        store.tampered.add("notes.txt");
        FakeHttp http = get("/notes.txt", Role.VIEWER, Map.of());
        assertEquals(500, http.status);
        assertEquals("application/problem+json", http.headers.get("Content-Type"));
        assertTrue(http.body().contains("'notes.txt' failed authentication"), http.body());
        assertFalse(http.body().contains("clear sky"));
    }

    @Test
    void contentThatFailsAfterItsFirstBytesCutsTheAnswerRatherThanEndingItAsIfWhole() {
        store.failingLater.add("notes.txt");
        FakeHttp http = new FakeHttp();
        IOException cut = assertThrows(IOException.class, () -> servlet.doGet(FakeHttp.request("GET", "/notes.txt",
                Role.VIEWER), http.response()));
        assertTrue(cut.getMessage().contains("reading the stored file 'notes.txt' failed after its first bytes"),
                cut.getMessage());
    }

    @Test
    void withoutAFileStoreEveryRouteIs503NamingTheStorageBundle() throws Exception {
        servlet.store = null;
        for (String path : new String[] { "/notes.txt", null }) {
            FakeHttp http = get(path, Role.VIEWER, Map.of());
            assertEquals(503, http.status);
            assertTrue(http.body().contains("there is no file store: the storage bundle (org.orrery.store.files) is not"
                    + " installed"), http.body());
        }
    }

    @Test
    void anAnonymousRequestIsRefused() throws Exception {
        FakeHttp http = new FakeHttp();
        var request = FakeHttp.request("GET", "/notes.txt", Role.VIEWER);
        request.setAttribute(org.orrery.web.api.ApiContext.USER_ATTRIBUTE, null);
        servlet.doGet(request, http.response());
        assertEquals(401, http.status);
        assertFalse(http.body().contains("clear sky"));
    }

    @Test
    void theListingPagesFilesWithSizesTimesCompressionAndEncryption() throws Exception {
        FakeHttp http = get(null, Role.VIEWER, Map.of("folder", new String[] { "frames" }, "recursive",
                new String[] { "true" }, "limit", new String[] { "1" }, "offset", new String[] { "1" }));
        assertEquals(200, http.status, http.body());
        JsonNode body = ApiJson.MAPPER.readTree(http.body());
        assertEquals(2, body.path("total").asInt());
        assertEquals(1, body.path("offset").asInt());
        assertFalse(body.path("has_more").asBoolean());
        JsonNode png = body.path("files").get(0);
        assertEquals("frames/2026-12-05/M42_001.png", png.path("path").asText());
        assertEquals("M42_001.png", png.path("name").asText());
        assertEquals(4, png.path("size").asInt());
        assertEquals("2026-12-05T20:15:30Z", png.path("modified").asText());
        assertEquals("none", png.path("compression").asText());
        assertFalse(png.path("compressed").asBoolean());
        assertTrue(png.path("encrypted").asBoolean());
        assertNull(png.get("key_id"), "the key id is the store's business");

        JsonNode top = ApiJson.MAPPER.readTree(get(null, Role.VIEWER, Map.of()).body());
        assertEquals(1, top.path("total").asInt(), "not recursive: only notes.txt at the root");
    }

    @Test
    void badListingParametersAre400NamingThem() throws Exception {
        FakeHttp limit = get(null, Role.VIEWER, Map.of("limit", new String[] { "5000" }));
        assertEquals(400, limit.status);
        assertTrue(limit.body().contains("query parameter 'limit' must be a whole number from 1 to 1000, found '5000'"),
                limit.body());
        FakeHttp folder = get(null, Role.VIEWER, Map.of("folder", new String[] { "../x" }));
        assertEquals(400, folder.status);
        assertTrue(folder.body().contains("'../x' is not a folder path the file store accepts"), folder.body());
        FakeHttp unknown = get(null, Role.VIEWER, Map.of("sort", new String[] { "size" }));
        assertEquals(400, unknown.status);
        assertTrue(unknown.body().contains("unknown query parameter 'sort'"), unknown.body());
    }

    private FakeHttp get(String pathInfo, Role role, Map<String, String[]> parameters) throws Exception {
        FakeHttp http = new FakeHttp();
        servlet.doGet(FakeHttp.request("GET", "/files", pathInfo, role, parameters, null, null, Map.of()), http.response());
        return http;
    }

    private FakeHttp get(String pathInfo, Map<String, String[]> parameters, Map<String, String> headers) throws Exception {
        FakeHttp http = new FakeHttp();
        servlet.doGet(FakeHttp.request("GET", "/files", pathInfo, Role.VIEWER, parameters, null, null, headers),
                http.response());
        return http;
    }
}
