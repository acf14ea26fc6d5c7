package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.List;

import org.orrery.security.Role;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceManager;
import org.orrery.task.TaskException;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the sequence and template servlets share: the {@link SequenceManager} (optional: without
 * it every route answers 503) and the answer of a new sequence. Its DS reference is inherited by
 * the components (bnd's {@code -dsannotations-options: inherit}).
 */
abstract class SequenceApiServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** Package-private, not private: SCR injects a superclass's field only if the component class may see it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SequenceManager sequences;

    /** @param sequences the manager, for tests; DS sets it otherwise (null until then) */
    SequenceApiServlet(SequenceManager sequences) {
        this.sequences = sequences;
    }

    /** The sequence service, or a 503 saying it is not there. */
    final SequenceManager sequences() throws Refusal {
        SequenceManager found = sequences;
        if (found == null) {
            throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable", "the sequence service is not"
                    + " running: it is starting, it waits for the scheduler or the sequence store, or its bundle"
                    + " (org.orrery.core.sequence) is stopped; nothing was accepted");
        }
        return found;
    }

    /** The path of a GET (see {@link #path}), once the user is found to be a viewer and the request to have no body. */
    static List<String> readable(HttpServletRequest request) throws Refusal {
        require(request, Role.VIEWER);
        List<String> parts = path(request, 2);
        noBody(request);
        return parts;
    }

    /** Answers 201 with the new sequence and its {@code Location}, started first when asked. */
    static void created(HttpServletResponse response, SequenceManager m, SequenceInfo info, boolean start)
            throws TaskException, IOException {
        SequenceInfo answer = start ? m.start(info.id()) : info;
        response.setHeader("Location", ApiContext.PATH + "/sequences/" + info.id());
        json(response, HttpServletResponse.SC_CREATED, SequenceApiJson.sequence(answer));
    }

    /** A 405 for a method that is not defined on the request's path. */
    static Refusal notHere(HttpServletRequest request, String method, String other) {
        return new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed", method + " is not defined on "
                + request.getRequestURI() + "; use " + other);
    }
}
