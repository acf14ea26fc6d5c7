package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.orrery.security.Role;
import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.TemplateInfo;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sequence templates under {@code /api/v1/templates} (seed 000's TaskGenerator): list them, read
 * one with its document, and make a sequence of one from its parameters.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/templates",
        "osgi.http.whiteboard.servlet.pattern=/templates/*",
        "osgi.http.whiteboard.servlet.name=orrery-templates" })
public final class TemplatesServlet extends SequenceApiServlet {

    private static final long serialVersionUID = 1L;

    public TemplatesServlet() {
        super(null);
    }

    /** For tests: a servlet on this manager (null: none). */
    TemplatesServlet(SequenceManager sequences) {
        super(sequences);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            List<String> parts = readable(request);
            if (parts.size() == 2) {
                throw notHere(request, "GET", "POST");
            }
            QueryParameters.only(request, Set.of(), parts.isEmpty() ? "GET /templates" : "GET /templates/{name}");
            SequenceManager m = sequences();
            if (parts.isEmpty()) {
                ArrayNode out = ApiJson.MAPPER.createArrayNode();
                m.templates().forEach(t -> out.add(SequenceApiJson.template(t, false)));
                json(response, HttpServletResponse.SC_OK, out);
            } else {
                TemplateInfo template = m.template(parts.get(0)).orElseThrow(() -> new SequenceNotFoundException(
                        "no template named '" + ApiJson.shorten(parts.get(0)) + "'; the templates are "
                                + m.templates().stream().map(TemplateInfo::name).collect(Collectors.joining(", "))));
                json(response, HttpServletResponse.SC_OK, SequenceApiJson.template(template, true));
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.OPERATOR);
            List<String> parts = path(request, 2);
            if (parts.size() != 2 || !parts.get(1).equals("sequences")) {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "POST is defined on /api/v1/templates/{name}/sequences only");
            }
            QueryParameters.only(request, Set.of("start"), "POST /templates/{name}/sequences");
            boolean start = QueryParameters.flag(request, "start");
            Map<String, Object> parameters = parameters(request);
            SequenceManager m = sequences();
            created(response, m, m.createSequenceFromTemplate(parts.get(0), parameters), start);
        });
    }

    /** The body: the template's parameters as a JSON object; none at all means {} (every default). */
    private static Map<String, Object> parameters(HttpServletRequest request) throws ApiJson.BadRequest, IOException,
            Refusal {
        if (!RequestBody.announced(request)) {
            noBody(request);
            return Map.of();
        }
        JsonNode body = body(request);
        if (!body.isObject()) {
            throw new ApiJson.BadRequest("the request body must be a JSON object of the template's parameters, found "
                    + ApiJson.kind(body));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ApiJson.MAPPER.convertValue(body, LinkedHashMap.class);
        return map;
    }
}
