package org.orrery.web.api.internal;

import java.io.IOException;

import org.orrery.agent.AgentException;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.web.api.ApiContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What Orrery's API servlets share: roles, JSON answers, and errors as problem+json. */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The largest request body accepted. */
    static final int BODY_LIMIT = 1 << 20;

    /** A request that must stop with an error answer. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;

        Refusal(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }
    }

    /** A request handler that may refuse. */
    @FunctionalInterface
    interface Handler {
        void handle() throws Refusal, TaskException, ApiJson.BadRequest, IOException;
    }

    /**
     * Runs a handler and turns whatever it throws into the right error answer. On an error after
     * the body was begun, the rest of it is read and dropped first, so the connection stays
     * usable; a body that was never begun is not waited for (the connection closes instead).
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, Handler handler) throws IOException {
        try {
            handler.handle();
            return;
        } catch (Refusal | ApiJson.BadRequest | TaskException | IllegalStateException e) {
            RequestBody.State body = RequestBody.state(request);
            if (body == RequestBody.State.STARTED) {
                drain(request);
            } else if (body == RequestBody.State.FAILED || RequestBody.announced(request)) {
                response.setHeader("Connection", "close");
            }
            refuse(response, e);
        }
    }

    private static void drain(HttpServletRequest request) {
        try {
            byte[] sink = new byte[8192];
            long left = BODY_LIMIT * 2L;
            for (int n = request.getInputStream().read(sink); n > 0 && left > 0; n = request.getInputStream().read(sink)) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the container closes the connection instead
        }
    }

    /** The problem answer of a refusal, by the kind of error (subclasses before their parents). */
    private static void refuse(HttpServletResponse response, Exception error) throws IOException {
        int status;
        String title;
        String detail = error.getMessage();
        Problems.Extension extension = null;
        if (error instanceof Refusal r) {
            status = r.status;
            title = r.title;
        } else if (error instanceof ApiJson.TooLarge) {
            status = HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
            title = "Payload Too Large";
        } else if (error instanceof TaskNotFoundException || error instanceof SequenceNotFoundException
                || error instanceof AgentException a && a.reason() == AgentException.Reason.UNKNOWN_AGENT) {
            status = HttpServletResponse.SC_NOT_FOUND;
            title = "Not Found";
        } else if (error instanceof ApiJson.BadRequest || error instanceof TaskParameterException
                || error instanceof TaskDependencyException) {
            status = HttpServletResponse.SC_BAD_REQUEST;
            title = "Bad Request";
            if (error instanceof SequenceValidationException invalid) {
                extension = json -> {
                    json.writeFieldName("problems");
                    ApiJson.MAPPER.writeTree(json, SequenceApiJson.problems(invalid.problems()));
                };
            }
        } else if (error instanceof TaskStoreException) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            title = "Service Unavailable";
            detail = "the task store is unavailable: " + detail;
        } else if (error instanceof TaskException) {
            status = HttpServletResponse.SC_CONFLICT;
            title = "Conflict";
        } else {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE; // IllegalStateException: a service is not there
            title = "Service Unavailable";
        }
        Problems.send(response, status, title, detail, extension);
    }

    /** The methods of this servlet, without TRACE (refused on the whole server by {@link ServerGuard}). */
    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws jakarta.servlet.ServletException,
            IOException {
        super.doOptions(request, new jakarta.servlet.http.HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, "Allow".equalsIgnoreCase(name) && value != null
                        ? value.replaceAll(",\\s*TRACE|TRACE,\\s*", "") : value);
            }
        });
    }

    /**
     * The path after the servlet's pattern, split at slashes (empty segments dropped): [] for the
     * collection, [id] or [id, verb]; more than {@code max} segments is no route (404).
     */
    static java.util.List<String> path(HttpServletRequest request, int max) throws Refusal {
        String info = request.getPathInfo();
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (info != null) {
            for (String p : info.split("/")) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
        }
        if (parts.size() > max) {
            throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such route: " + request.getRequestURI());
        }
        return parts;
    }

    /** The request's URI without trailing slashes, for a {@code Location} below it (no regex per request). */
    static String uriWithoutTrailingSlashes(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int end = uri.length();
        while (end > 0 && uri.charAt(end - 1) == '/') {
            end--;
        }
        return uri.substring(0, end);
    }

    /** Refuses a body on a route that takes none (and a content type other than JSON). */
    static void noBody(HttpServletRequest request) throws Refusal {
        RequestBody.requireNone(request);
    }

    /** Refuses the request unless its user has {@code role}. */
    static AuthenticatedUser require(HttpServletRequest request, Role role) throws Refusal {
        Object user = request.getAttribute(ApiContext.USER_ATTRIBUTE);
        if (!(user instanceof AuthenticatedUser authenticated)) {
            throw new Refusal(HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "valid credentials are required");
        }
        if (!authenticated.may(role)) {
            throw new Refusal(HttpServletResponse.SC_FORBIDDEN, "Forbidden", "user '" + authenticated.name() + "' has the role "
                    + authenticated.role().id() + "; this needs " + role.id());
        }
        return authenticated;
    }

    /** The scheduler, or a 503 saying it is not there (and naming the task store when that is why). */
    static Scheduler available(Scheduler scheduler) throws Refusal {
        if (scheduler == null) {
            throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable", whyNoScheduler()
                    + "; nothing was accepted");
        }
        return scheduler;
    }

    /**
     * Why the scheduler is away: most often because the task store is (stopped for a hot swap, or
     * its database not open), which the scheduler needs; looked up only on this refusal path.
     */
    private static String whyNoScheduler() {
        Bundle self = FrameworkUtil.getBundle(ApiServlet.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        if (context != null) {
            try {
                if (context.getServiceReference(TaskStore.class) == null) {
                    Health.BundleStatus store = null;
                    for (Bundle b : context.getBundles()) {
                        if (Health.STORE_BUNDLE.equals(b.getSymbolicName())) {
                            store = switch (b.getState()) {
                                case Bundle.ACTIVE -> Health.BundleStatus.ACTIVE;
                                case Bundle.STARTING -> Health.BundleStatus.STARTING;
                                case Bundle.STOPPING -> Health.BundleStatus.STOPPING;
                                case Bundle.RESOLVED -> Health.BundleStatus.RESOLVED;
                                default -> Health.BundleStatus.INSTALLED;
                            };
                        }
                    }
                    return Health.storeUnavailable(store);
                }
            } catch (IllegalStateException stopping) {
                // this bundle is stopping: the general answer below
            }
        }
        return "the scheduler is not running: it is starting, or its bundle is stopped";
    }

    /** The request's JSON body: 415 unless it is application/json, 413 past {@link #BODY_LIMIT}, 408 when it stalls. */
    static JsonNode body(HttpServletRequest request) throws ApiJson.BadRequest, IOException, Refusal {
        RequestBody.requireJson(request, true);
        refuseLarge(request);
        return ApiJson.read(RequestBody.read(request, BODY_LIMIT), BODY_LIMIT);
    }

    /** A document body and its spelling. */
    record Document(String text, DocumentFormat format) {
    }

    /**
     * The request's sequence document: JSON ({@code application/json}, read as strictly as
     * {@link #body}) or YAML ({@code application/yaml}, {@code application/x-yaml},
     * {@code text/yaml}; parsed by the sequence service), in UTF-8; 415 for any other type.
     * With {@code strict} false a JSON body is not parsed here (for the caller to report).
     */
    static Document document(HttpServletRequest request, boolean strict) throws ApiJson.BadRequest, IOException, Refusal {
        DocumentFormat format = RequestBody.documentFormat(request);
        refuseLarge(request);
        byte[] bytes = RequestBody.read(request, BODY_LIMIT);
        if (bytes.length > BODY_LIMIT) {
            throw new ApiJson.TooLarge(BODY_LIMIT);
        }
        String text = ApiJson.utf8(bytes, format == DocumentFormat.JSON ? "JSON" : "YAML");
        if (text.isBlank()) {
            throw new ApiJson.BadRequest("the request body is empty: send a sequence document as " + format.mediaType());
        }
        if (strict && format == DocumentFormat.JSON) {
            ApiJson.parse(text);
        }
        return new Document(text, format);
    }

    private static void refuseLarge(HttpServletRequest request) throws ApiJson.TooLarge {
        if (request.getContentLengthLong() > BODY_LIMIT) {
            request.setAttribute(RequestBody.STATE_ATTRIBUTE, RequestBody.State.STARTED);
            throw new ApiJson.TooLarge(BODY_LIMIT);
        }
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        ApiJson.MAPPER.writeValue(jsonStream(response, status), body);
    }

    /** Starts a JSON answer: the status and headers set, the stream to write the document to. */
    static java.io.OutputStream jsonStream(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        return response.getOutputStream();
    }
}
