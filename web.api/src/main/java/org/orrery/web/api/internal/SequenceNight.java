package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.TargetDecision;
import org.orrery.sky.SkyClock;
import org.orrery.task.TaskException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The night's routes of {@link SequencesServlet}: {@code GET /sequences/{id}/decisions} (the
 * planner's decisions, oldest first, after an index) and {@code POST /sequences/{id}/preview}
 * (the night as the planner would run it, moving nothing).
 */
final class SequenceNight {

    static final Set<String> DECISION_PARAMETERS = Set.of("after", "limit");
    static final Set<String> PREVIEW_PARAMETERS = Set.of("from", "until");
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    static final Duration MAX_SPAN = Duration.ofDays(7);

    private SequenceNight() {
    }

    static void decisions(HttpServletRequest request, HttpServletResponse response, SequenceManager m, String id)
            throws ApiJson.BadRequest, TaskException, IOException {
        QueryParameters.only(request, DECISION_PARAMETERS, "GET /sequences/{id}/decisions");
        long after = QueryParameters.whole(request, "after", -1, -1);
        int limit = QueryParameters.limit(request, "limit", 100, MAX_LIMIT);
        List<TargetDecision> page = m.decisions(id, after, limit);
        ApiServlet.json(response, HttpServletResponse.SC_OK, NightApiJson.decisions(page, after));
    }

    /** @param clock the sky clock (its now is the default {@code from}), or null: the system clock */
    static void preview(HttpServletRequest request, HttpServletResponse response, SequenceManager m, String id,
            SkyClock clock) throws ApiJson.BadRequest, TaskException, IOException {
        QueryParameters.only(request, PREVIEW_PARAMETERS, "POST /sequences/{id}/preview");
        Instant from = QueryParameters.instant(request, "from", clock == null ? Instant.now() : clock.now());
        Instant until = QueryParameters.instant(request, "until", from.plus(DEFAULT_SPAN));
        if (!until.isAfter(from)) {
            throw new ApiJson.BadRequest("query parameter 'until' must be after 'from' (" + from + "), found "
                    + until);
        }
        if (Duration.between(from, until).compareTo(MAX_SPAN) > 0) {
            throw new ApiJson.BadRequest("query parameter 'until' must be at most 7 days after 'from' (" + from
                    + "), found " + until);
        }
        ApiServlet.json(response, HttpServletResponse.SC_OK, NightApiJson.preview(m.preview(id, from, until)));
    }
}
