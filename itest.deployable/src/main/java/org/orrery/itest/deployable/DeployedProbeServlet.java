package org.orrery.itest.deployable;

import java.io.IOException;

import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A bundle the tests drop into a running Orrery at run time: its DS component adds the route
 * {@code GET /api/v1/itest/deployed-probe}, so a test sees over HTTP that the bundle was
 * installed, started and its component registered, and that all of it is gone after removal.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/itest/deployed-probe" })
public final class DeployedProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("deployed probe is active");
    }
}
