package org.orrery.web.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Orrery's dashboard at {@value #PATH}/: the static pages (ES modules, CSS, uPlot) in this
 * bundle's {@code dashboard/} folder. The pages talk only to the REST API and the event stream;
 * this servlet serves files and nothing else, each with a strict Content-Security-Policy, so no
 * script but the bundle's own ever runs on the page.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + DashboardServlet.PATH,
        "osgi.http.whiteboard.servlet.pattern=" + DashboardServlet.PATH + "/*",
        "osgi.http.whiteboard.servlet.name=orrery-dashboard" })
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/orrery";
    static final String FOLDER = "dashboard/";
    /** No inline script or style, nothing from elsewhere, never framed. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final transient Function<String, URL> files;
    private final String version;

    @Activate
    public DashboardServlet(BundleContext context) {
        this(context.getBundle());
    }

    private DashboardServlet(Bundle bundle) {
        this(bundle::getEntry, bundle.getVersion() + "-" + bundle.getLastModified());
    }

    /** @param files the bundle entry of a path under {@value #FOLDER}, or null; @param version changes when the files do */
    DashboardServlet(Function<String, URL> files, String version) {
        this.files = files;
        this.version = version;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = request.getPathInfo();
        if (info == null) { // "/orrery": the pages' relative links need the slash
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", PATH + "/");
            return;
        }
        String name = info.equals("/") ? "index.html" : info.substring(1);
        URL entry = DashboardFiles.isServable(name) ? files.apply(FOLDER + name) : null;
        securityHeaders(response);
        if (entry == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("Not found: " + PATH + "/" + DashboardFiles.printable(name) + "\n");
            return;
        }
        String etag = "\"" + version + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache"); // revalidated each time: a new bundle is seen at once
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(DashboardFiles.contentType(name));
        try (InputStream in = entry.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
