package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.sky.SkyClock;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /sequences/{id}/decisions} and {@code POST /sequences/{id}/preview}. */
class SequenceNightTest {

    private static final Instant NOW = Instant.parse("2026-12-05T19:00:00Z");

    final FakeSequenceManager manager = new FakeSequenceManager();
    final SequencesServlet servlet = new SequencesServlet(manager);

    SequenceNightTest() {
        manager.add(SequenceInfo.builder("s").state(SequenceState.RUNNING).build());
        for (int i = 0; i < 5; i++) {
            manager.decisions.add(FakeSequenceManager.decision("s", i));
        }
        servlet.skyClock = new SkyClock() {
            @Override
            public Instant now() {
                return NOW;
            }

            @Override
            public double rate() {
                return 60;
            }
        };
    }

    SequenceCalls call(String method, String path) {
        return SequenceCalls.call(servlet, method, path);
    }

    @Test
    void aViewerReadsTheDecisionsPageByPage() throws Exception {
        FakeHttp http = call("GET", "/sequences/s/decisions").as(Role.VIEWER).query("limit", "2").send();
        assertEquals(200, http.status, http.body());
        JsonNode body = json(http);
        assertEquals(2, body.path("decisions").size());
        assertEquals(0, body.path("decisions").path(0).path("index").asInt());
        assertEquals("chosen: score 0.63", body.path("decisions").path(0).path("candidates").path(0).path("reason")
                .asText());
        assertEquals("run", body.path("decisions").path(0).path("kind").asText());
        assertEquals(1, body.path("next_after").asLong());
        body = json(call("GET", "/sequences/s/decisions").query("after", "1").query("limit", "10").send());
        assertEquals(3, body.path("decisions").size());
        assertEquals(4, body.path("next_after").asLong());
        body = json(call("GET", "/sequences/s/decisions").query("after", "4").send());
        assertEquals(0, body.path("decisions").size());
        assertEquals(4, body.path("next_after").asLong(), "no newer decision: ask again after the same index");
    }

    @Test
    void decisionsRefuseBadParametersAndUnknownSequences() throws Exception {
        assertProblem(call("GET", "/sequences/s/decisions").query("after", "x").send(), 400, "'after'", "found 'x'");
        assertProblem(call("GET", "/sequences/s/decisions").query("after", "-2").send(), 400, "'after'", "at least -1");
        assertProblem(call("GET", "/sequences/s/decisions").query("limit", "0").send(), 400, "'limit'");
        assertProblem(call("GET", "/sequences/s/decisions").query("since", "1").send(), 400, "'since'");
        assertProblem(call("GET", "/sequences/nope/decisions").send(), 404, "nope");
    }

    @Test
    void thePreviewDefaultsToTheNextDayOnTheSkyClock() throws Exception {
        FakeHttp http = call("POST", "/sequences/s/preview").send();
        assertEquals(200, http.status, http.body());
        assertEquals(NOW, manager.lastFrom);
        assertEquals(NOW.plus(Duration.ofHours(24)), manager.lastUntil);
        JsonNode body = json(http);
        assertEquals("s", body.path("sequence_id").asText());
        assertEquals(NOW.toString(), body.path("from").asText());
        JsonNode first = body.path("entries").path(0);
        assertEquals("target", first.path("activity").asText());
        assertEquals("m42", first.path("step_id").asText());
        assertEquals(25, first.path("frames").path("L-60s-1x1").asInt());
        assertNull(body.path("entries").path(1).path("step_id").textValue());
        assertEquals("end", body.path("entries").path(1).path("activity").asText());
        assertEquals(0, body.path("decisions").path(0).path("index").asInt());
    }

    @Test
    void thePreviewTakesFromAndUntil() throws Exception {
        FakeHttp http = call("POST", "/sequences/s/preview").query("from", "2026-12-06T20:00:00Z")
                .query("until", "2026-12-07T07:30:00+01:00").send();
        assertEquals(200, http.status, http.body());
        assertEquals(Instant.parse("2026-12-06T20:00:00Z"), manager.lastFrom);
        assertEquals(Instant.parse("2026-12-07T06:30:00Z"), manager.lastUntil);
    }

    @Test
    void thePreviewRefusesBadTimesViewersAndUnknownSequences() throws Exception {
        assertProblem(call("POST", "/sequences/s/preview").query("from", "tonight").send(), 400, "'from'",
                "ISO-8601", "found 'tonight'");
        assertProblem(call("POST", "/sequences/s/preview").query("until", "2026-12-05T18:00:00Z").send(), 400,
                "'until'", "after 'from'");
        assertProblem(call("POST", "/sequences/s/preview").query("until", "2026-12-20T18:00:00Z").send(), 400,
                "'until'", "at most 7 days");
        assertProblem(call("POST", "/sequences/s/preview").query("at", "x").send(), 400, "'at'");
        assertProblem(call("POST", "/sequences/s/preview").body("application/json", "{}").send(), 400,
                "takes no request body");
        assertEquals(403, call("POST", "/sequences/s/preview").as(Role.VIEWER).send().status);
        assertProblem(call("POST", "/sequences/nope/preview").send(), 404, "nope");
        assertNull(manager.lastFrom);
    }
}
