package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.orrery.security.Role;
import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;
import org.orrery.sky.Sky;
import org.orrery.sky.SkyClock;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The sky over the observatory ({@code /api/v1/sky}): the sky clock's time, the site, sun, moon
 * and twilights, and the object catalog with each object's place now. The services come from
 * the sky bundle (org.orrery.astro.sky); without it every route answers 503.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/sky",
        "osgi.http.whiteboard.servlet.pattern=/sky/*",
        "osgi.http.whiteboard.servlet.name=orrery-sky" })
public final class SkyServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int SEARCH_LIMIT = 100;
    static final int SUGGESTIONS = 5;

    /** The sky and the catalog are got on the first request that needs them (the catalog loads its file then). */
    volatile Supplier<Sky> sky = () -> null;
    private volatile ComponentServiceObjects<Sky> boundSky;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SkyClock clock;

    volatile Supplier<Catalog> catalog = () -> null;
    private volatile ComponentServiceObjects<Catalog> boundCatalog;

    @Reference(service = Sky.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindSky")
    void bindSky(ComponentServiceObjects<Sky> objects) {
        boundSky = objects;
        sky = new FirstUse<>(objects::getService);
    }

    void unbindSky(ComponentServiceObjects<Sky> objects) {
        if (boundSky == objects) { // a replacement is bound before the one it replaces is unbound
            boundSky = null;
            sky = () -> null;
        }
    }

    @Reference(service = Catalog.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindCatalog")
    void bindCatalog(ComponentServiceObjects<Catalog> objects) {
        boundCatalog = objects;
        catalog = new FirstUse<>(objects::getService);
    }

    void unbindCatalog(ComponentServiceObjects<Catalog> objects) {
        if (boundCatalog == objects) {
            boundCatalog = null;
            catalog = () -> null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            List<String> path = path(request, 2);
            noBody(request);
            if (path.isEmpty()) {
                QueryParameters.only(request, Set.of(), "GET /sky");
                SkyClock c = available(clock, "sky clock");
                json(response, 200, SkyApiJson.sky(available(sky.get(), "sky"), c.now(), c.rate()));
            } else if (!path.get(0).equals("objects")) {
                throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such route: " + request.getRequestURI());
            } else if (path.size() == 1) {
                QueryParameters.only(request, Set.of("q", "limit"), "GET /sky/objects");
                String q = request.getParameter("q");
                if (q == null || q.isBlank()) {
                    throw new ApiJson.BadRequest("query parameter 'q' is required: a name or part of one (M 42, orion, "
                            + "NGC 7000), found " + (q == null ? "none" : "'" + q + "'"));
                }
                int limit = QueryParameters.limit(request, "limit", 10, SEARCH_LIMIT);
                ArrayNode list = ApiJson.MAPPER.createArrayNode();
                available(catalog.get(), "catalog").search(q, limit).forEach(o -> list.add(SkyApiJson.object(o)));
                json(response, 200, list);
            } else {
                QueryParameters.only(request, Set.of(), "GET /sky/objects/{name}");
                Catalog cat = available(catalog.get(), "catalog");
                String name = path.get(1);
                Optional<CatalogObject> found = cat.find(name);
                if (found.isEmpty()) {
                    notFound(response, name, suggestions(cat, name));
                    return;
                }
                SkyClock c = available(clock, "sky clock");
                json(response, 200, SkyApiJson.objectNow(found.get(), available(sky.get(), "sky"), c.now()));
            }
        });
    }

    /** Up to five names like the one asked: those that contain it, else those that contain one of its words. */
    static List<String> suggestions(Catalog catalog, String name) {
        Set<String> names = new LinkedHashSet<>();
        catalog.search(name, SUGGESTIONS).forEach(o -> names.add(o.name()));
        for (String word : name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (names.size() < SUGGESTIONS && word.length() >= 3) {
                catalog.search(word, SUGGESTIONS).forEach(o -> names.add(o.name()));
            }
        }
        return new ArrayList<>(names).subList(0, Math.min(SUGGESTIONS, names.size()));
    }

    private static void notFound(HttpServletResponse response, String name, List<String> suggestions) throws IOException {
        String detail = "no object named '" + ApiJson.shorten(name) + "' in the catalog"
                + (suggestions.isEmpty() ? "; search with GET /api/v1/sky/objects?q=…"
                        : "; did you mean " + String.join(", ", suggestions) + "?");
        Problems.send(response, HttpServletResponse.SC_NOT_FOUND, "Not Found", detail, json -> {
            json.writeArrayFieldStart("suggestions");
            for (String s : suggestions) {
                json.writeString(s);
            }
            json.writeEndArray();
        });
    }

    private static <T> T available(T service, String what) throws Refusal {
        if (service == null) {
            throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable", "the " + what
                    + " service is not there: the sky bundle (org.orrery.astro.sky) is not installed, not started, "
                    + "or still starting");
        }
        return service;
    }
}
