package org.orrery.web.api.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.orrery.security.Role;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceState;
import org.orrery.sky.SkyClock;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskException;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sequences under {@code /api/v1/sequences} on the {@link SequenceManager}: create (JSON or
 * YAML, optionally started), list, get, the document as JSON or YAML, delete, the run
 * operations, the night's planner (decisions, preview: {@link SequenceNight}), and the document
 * tools (schema, validate, convert).
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/sequences",
        "osgi.http.whiteboard.servlet.pattern=/sequences/*",
        "osgi.http.whiteboard.servlet.name=orrery-sequences" })
public final class SequencesServlet extends SequenceApiServlet {

    private static final long serialVersionUID = 1L;
    static final Set<String> LIST_PARAMETERS = Set.of("state", "limit", "cursor");
    static final int MAX_LIMIT = 1000;
    /** The run operations, {@code POST /sequences/{id}/<operation>}. */
    static final List<String> OPERATIONS = List.of("start", "pause", "resume", "stop", "skip-to-end", "halt");
    /** The sky clock, when one is installed: the preview's default start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SkyClock skyClock;
    /** Names under /sequences that are tools, not sequence ids. */
    private static final Set<String> TOOLS = Set.of("schema", "validate", "convert");

    public SequencesServlet() {
        super(null);
    }

    /** For tests: a servlet on this manager (null: none). */
    SequencesServlet(SequenceManager sequences) {
        super(sequences);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            List<String> parts = readable(request);
            if (parts.isEmpty()) {
                list(request, response);
            } else if (parts.size() == 1 && parts.get(0).equals("schema")) {
                QueryParameters.only(request, Set.of(), "GET /sequences/schema");
                String media = accepts(request, "application/json") && !accepts(request, "application/schema+json")
                        ? "application/json" : "application/schema+json";
                text(response, media, sequences().schema());
            } else if (parts.size() == 1 && !TOOLS.contains(parts.get(0))) {
                QueryParameters.only(request, Set.of(), "GET /sequences/{id}");
                json(response, HttpServletResponse.SC_OK, SequenceApiJson.sequence(find(sequences(), parts.get(0))));
            } else if (parts.size() == 2 && parts.get(1).equals("document")) {
                QueryParameters.only(request, Set.of("format"), "GET /sequences/{id}/document");
                String format = QueryParameters.choice(request, "format", null, "json", "yaml");
                DocumentFormat as = format == null ? (acceptsYaml(request) ? DocumentFormat.YAML : DocumentFormat.JSON)
                        : DocumentFormat.valueOf(format.toUpperCase(Locale.ROOT));
                text(response, as.mediaType(), sequences().export(parts.get(0), as));
            } else if (parts.size() == 2 && parts.get(1).equals("decisions")) {
                SequenceNight.decisions(request, response, sequences(), parts.get(0));
            } else {
                throw notHere(request, "GET", "POST");
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            List<String> parts = path(request, 2);
            if (parts.size() == 1 && (parts.get(0).equals("validate") || parts.get(0).equals("convert"))) {
                boolean validate = parts.get(0).equals("validate");
                QueryParameters.only(request, validate ? Set.of() : Set.of("to"), "POST /sequences/" + parts.get(0));
                if (validate) {
                    validate(request, response);
                } else {
                    convert(request, response);
                }
                return;
            }
            require(request, Role.OPERATOR);
            if (parts.isEmpty()) {
                QueryParameters.only(request, Set.of("start"), "POST /sequences");
                boolean start = QueryParameters.flag(request, "start");
                Document document = document(request, true);
                SequenceManager m = sequences();
                created(response, m, m.create(document.text(), document.format()), start);
            } else if (parts.size() == 2 && parts.get(1).equals("preview")) {
                noBody(request);
                SequenceNight.preview(request, response, sequences(), parts.get(0), skyClock);
            } else if (parts.size() == 2) {
                operate(request, response, parts.get(0), parts.get(1));
            } else {
                throw notHere(request, "POST", "GET");
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.OPERATOR);
            List<String> parts = path(request, 2);
            if (parts.size() != 1 || TOOLS.contains(parts.get(0))) {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "DELETE is defined on /api/v1/sequences/{id} only");
            }
            noBody(request);
            QueryParameters.only(request, Set.of(), "DELETE /sequences/{id}");
            sequences().delete(parts.get(0));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        });
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws ApiJson.BadRequest, IOException,
            Refusal, TaskException {
        QueryParameters.only(request, LIST_PARAMETERS, "the sequence list");
        Set<SequenceState> states = QueryParameters.list(request, "state", SequenceState::parse);
        int limit = QueryParameters.limit(request, "limit", 100, MAX_LIMIT);
        String cursor = request.getParameter("cursor");
        SequencePage page;
        try {
            page = sequences().list(states, cursor == null ? null : TaskPages.decodeText(cursor), limit);
        } catch (IllegalArgumentException e) {
            throw cursor == null ? new ApiJson.BadRequest(e.getMessage()) : TaskPages.badCursor(cursor);
        }
        TaskPages.next(request, response, page.nextCursor());
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        page.sequences().forEach(s -> out.add(SequenceApiJson.summary(s)));
        json(response, HttpServletResponse.SC_OK, out);
    }

    /** {@code POST /sequences/{id}/<operation>}. */
    private void operate(HttpServletRequest request, HttpServletResponse response, String id, String operation)
            throws Refusal, ApiJson.BadRequest, TaskException, IOException {
        if (!OPERATIONS.contains(operation)) {
            throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such sequence operation '"
                    + ApiJson.shorten(operation) + "': use " + String.join(", ", OPERATIONS));
        }
        noBody(request);
        boolean pause = operation.equals("pause");
        QueryParameters.only(request, pause ? Set.of("mode") : Set.of(), "POST /sequences/{id}/" + operation);
        PauseMode mode = PauseMode.valueOf(QueryParameters.choice(request, "mode", "deferred", "deferred", "immediate")
                .toUpperCase(Locale.ROOT));
        SequenceManager m = sequences();
        SequenceInfo changed = switch (operation) {
            case "start" -> m.start(id);
            case "pause" -> m.pause(id, mode);
            case "resume" -> m.resume(id);
            case "stop" -> m.stop(id);
            case "skip-to-end" -> m.skipToEnd(id);
            default -> m.halt(id);
        };
        json(response, HttpServletResponse.SC_OK, SequenceApiJson.sequence(changed));
    }

    /**
     * {@code POST /sequences/validate}: 200 with every problem, also when there are some; a JSON
     * body that is not strict JSON (a repeated key, say) is one problem with its line and column.
     */
    private void validate(HttpServletRequest request, HttpServletResponse response) throws ApiJson.BadRequest, IOException,
            Refusal {
        Document document = document(request, false);
        List<SequenceProblem> problems;
        try {
            if (document.format() == DocumentFormat.JSON) {
                ApiJson.parse(document.text());
            }
            problems = sequences().validate(document.text(), document.format());
        } catch (ApiJson.Malformed e) {
            problems = List.of(new SequenceProblem("", e.line, e.column, e.getMessage()));
        } catch (ApiJson.BadRequest e) {
            problems = List.of(new SequenceProblem("", 0, 0, e.getMessage()));
        }
        json(response, HttpServletResponse.SC_OK, SequenceApiJson.validation(problems));
    }

    /** {@code POST /sequences/convert?to=yaml|json}: the body in the other spelling (the default target). */
    private void convert(HttpServletRequest request, HttpServletResponse response) throws ApiJson.BadRequest, IOException,
            Refusal, TaskException {
        String to = QueryParameters.choice(request, "to", null, "json", "yaml");
        Document document = document(request, true);
        DocumentFormat from = document.format();
        DocumentFormat target = to == null ? (from == DocumentFormat.JSON ? DocumentFormat.YAML : DocumentFormat.JSON)
                : DocumentFormat.valueOf(to.toUpperCase(Locale.ROOT));
        if (target == from) {
            throw new ApiJson.BadRequest("query parameter 'to' is " + to + ", and the body is " + from.mediaType()
                    + " already: send the document in the other format, or leave 'to' out");
        }
        text(response, target.mediaType(), sequences().convert(document.text(), from, target));
    }

    private static SequenceInfo find(SequenceManager m, String id) throws SequenceNotFoundException {
        return m.get(id).orElseThrow(() -> new SequenceNotFoundException("no sequence with the id '" + ApiJson.shorten(id)
                + "'"));
    }

    /** True when the {@code Accept} header names {@code media} (no weights considered but q=0). */
    private static boolean accepts(HttpServletRequest request, String media) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            if (pieces[0].trim().equalsIgnoreCase(media) && !part.replace(" ", "").matches(".*;q=0(\\.0*)?(;.*)?")) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptsYaml(HttpServletRequest request) {
        return RequestBody.YAML.stream().anyMatch(media -> accepts(request, media))
                && !accepts(request, "application/json");
    }

    /** A 200 answer of text in UTF-8. */
    private static void text(HttpServletResponse response, String media, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(media);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
