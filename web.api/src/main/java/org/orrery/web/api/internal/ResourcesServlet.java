package org.orrery.web.api.internal;

import java.io.IOException;

import org.orrery.security.Role;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceState;
import org.orrery.task.Scheduler;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The resources tasks claim ({@code /api/v1/resources}, {@code /api/v1/resources/{name}}): what
 * is held, by whom, and who waits, as {@link Scheduler#resources()} says now. Viewers may read it.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/resources",
        "osgi.http.whiteboard.servlet.pattern=/resources/*",
        "osgi.http.whiteboard.servlet.name=orrery-resources" })
public final class ResourcesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    public ResourcesServlet() {
    }

    /** For tests: a servlet on this scheduler (null: none). */
    ResourcesServlet(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            noBody(request);
            Scheduler s = available(scheduler);
            String info = request.getPathInfo();
            // a resource's name may hold a slash (file:/data/x): all of the rest is the name
            String name = info == null ? "" : info.replaceFirst("^/+", "");
            if (name.isEmpty()) {
                json(response, 200, list(s, type(request.getParameter("type"))));
                return;
            }
            ResourceState found = s.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
            if (found == null) {
                throw new Refusal(404, "Not Found", "no task holds or waits for the resource '" + ApiJson.shorten(name)
                        + "', and it has no configured capacity");
            }
            json(response, 200, write(found));
        });
    }

    /** The {@code type} query parameter: null for none. */
    private static ResourceClaim.Type type(String text) throws ApiJson.BadRequest {
        if (text == null) {
            return null;
        }
        try {
            return ResourceClaim.Type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest("query parameter 'type' must be one of " + ResourceClaim.Type.ids() + ", found \""
                    + ApiJson.shorten(text) + "\"");
        }
    }

    private static ArrayNode list(Scheduler s, ResourceClaim.Type type) {
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        for (ResourceState r : s.resources()) {
            if (type == null || r.type() == type) {
                list.add(write(r));
            }
        }
        return list;
    }

    /** One resource: name, type, capacity (null: readers share it without limit), used, holders, waiting. */
    static ObjectNode write(ResourceState r) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("name", r.name());
        n.put("type", r.type().id());
        if (r.capacity() == null) {
            n.putNull("capacity");
        } else {
            n.put("capacity", r.capacity());
        }
        n.put("used", r.used());
        n.put("mode", mode(r));
        ArrayNode holders = n.putArray("holders");
        for (ResourceState.Holder h : r.holders()) {
            holders.addObject().put("task_id", h.taskId()).put("mode", h.mode().id()).put("amount", h.amount());
        }
        ArrayNode waiting = n.putArray("waiting");
        r.waiting().forEach(waiting::add);
        return n;
    }

    /** How it is held now: free, shared (by readers) or exclusive (by a writer). */
    private static String mode(ResourceState r) {
        if (r.holders().isEmpty()) {
            return "free";
        }
        return r.holders().stream().anyMatch(h -> h.mode().exclusive()) ? "exclusive" : "shared";
    }
}
