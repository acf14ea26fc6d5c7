package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.orrery.image.ImageFileNames;
import org.orrery.platform.OrreryHome;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The images the instrument actions write ({@code GET /api/v1/images/<date>/<file>}): the FITS
 * files and PNG previews under {@code ORRERY_HOME/data/images}, which task results name as
 * {@code data/images/<date>/<file>}. Only files directly in a date folder are served; names are
 * checked, so no path leaves the images folder. {@code GET /images/<date>/<file>.fits/header}
 * gives a FITS file's primary header as JSON ({@link FitsHeaderReader}), reading only its header
 * blocks.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/images/*",
        "osgi.http.whiteboard.servlet.name=orrery-images" })
public final class ImagesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String HEADER = "/header";

    private final transient Path folder;

    @Activate
    public ImagesServlet(BundleContext context) {
        this.folder = OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)).data().resolve("images");
    }

    ImagesServlet(Path folder) {
        this.folder = folder;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            noBody(request);
            String info = request.getPathInfo() == null ? "" : request.getPathInfo().replaceAll("^/+", "");
            if (info.endsWith(HEADER) && info.chars().filter(c -> c == '/').count() == 2) {
                header(info.substring(0, info.length() - HEADER.length()), response);
                return;
            }
            Path file = existing(info);
            response.setStatus(200);
            response.setContentType(contentType(file.getFileName().toString()));
            response.setContentLengthLong(Files.size(file));
            response.setHeader("Cache-Control", "private, max-age=3600");
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(response.getOutputStream());
            }
        });
    }

    /** {@code GET /images/<date>/<file>.fits/header}: the primary header's cards, not the data. */
    private void header(String name, HttpServletResponse response) throws IOException, Refusal, ApiJson.BadRequest {
        if (ImageFileNames.isImagePath(name) && !isFits(name)) {
            throw new ApiJson.BadRequest("headers are read from a FITS image (.fits, .fit or .fts), e.g."
                    + " 2026-11-23/M42_1a2b3c4d_001.fits/header; found '" + name + "'");
        }
        Path file = existing(name);
        List<Map<String, Object>> cards;
        try (InputStream in = Files.newInputStream(file)) {
            cards = FitsHeaderReader.read(in);
        } catch (FitsHeaderReader.NotFits e) {
            throw new Refusal(422, "Unprocessable Content", "'" + name + "' under data/images/ is not a FITS file: "
                    + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", name);
        body.put("cards", cards);
        json(response, 200, body);
    }

    /** The file a request names, which must exist; else a 400 or 404 naming it. */
    private Path existing(String info) throws Refusal, ApiJson.BadRequest {
        Path file = resolve(info);
        if (file == null) {
            throw new ApiJson.BadRequest("an image is named <yyyy-MM-dd>/<file>, as task results name it under"
                    + " data/images/, e.g. 2026-11-23/M42_1a2b3c4d_001.fits; found '" + info + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new Refusal(404, "Not Found", "no image '" + info + "' under data/images/");
        }
        return file;
    }

    /** The file a request names, or null when it is not an image's name ({@link ImageFileNames}). */
    Path resolve(String name) {
        if (!ImageFileNames.isImagePath(name)) {
            return null;
        }
        Path file = folder.resolve(name).normalize();
        return file.startsWith(folder.normalize()) ? file : null;
    }

    static boolean isFits(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".fits") || lower.endsWith(".fit") || lower.endsWith(".fts");
    }

    static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isFits(lower)) {
            return "application/fits";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }
}
