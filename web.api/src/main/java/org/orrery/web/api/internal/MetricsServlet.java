package org.orrery.web.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.orrery.agent.AgentInfo;
import org.orrery.agent.Agents;
import org.orrery.security.Role;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/metrics}: the scheduler's, the agents' and the JVM's figures in the Prometheus text
 * exposition format, for any authenticated user (viewer); a Prometheus scrape job sends HTTP
 * Basic credentials with {@code basic_auth}. Without a scheduler the JVM metrics are still
 * served, with {@code orrery_scheduler_up 0}.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=orrery-metrics" })
public final class MetricsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Agents agents;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            MetricsExposition.write(body, statistics(), MetricsJvm.now(), agents());
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MetricsExposition.CONTENT_TYPE);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.size());
            body.writeTo(response.getOutputStream());
        });
    }

    /** Every agent, or null when there is no agent service or it cannot say. */
    private List<AgentInfo> agents() {
        Agents a = agents;
        if (a == null) {
            return null;
        }
        try {
            return a.list();
        } catch (RuntimeException e) {
            LOG.warn("metrics without the agents' figures: listing them failed: {}", e.toString());
            return null;
        }
    }

    /** The scheduler's statistics, or null when there is no scheduler or it cannot give them. */
    private SchedulerStatistics statistics() {
        Scheduler s = scheduler;
        if (s == null) {
            return null;
        }
        try {
            return s.statistics();
        } catch (RuntimeException e) {
            LOG.warn("metrics without the scheduler's figures: its statistics failed: {}", e.toString());
            return null;
        }
    }
}
