package org.orrery.store.jdbc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.sequence.TargetDecision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A {@link TargetDecision} as the store keeps it: the JSON of {@link TargetDecision#toMap()}, and back. */
final class TargetDecisionJson {

    private final ObjectMapper mapper = new ObjectMapper();

    String write(TargetDecision d) {
        try {
            return mapper.writeValueAsString(d.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("decision " + d.index() + " of " + d.sequenceId()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    TargetDecision read(String json) throws JsonProcessingException {
        JsonNode n = mapper.readTree(json);
        List<TargetDecision.Candidate> candidates = new ArrayList<>();
        for (JsonNode c : n.path("candidates")) {
            candidates.add(new TargetDecision.Candidate(text(c, "step_id"), text(c, "target"),
                    c.path("viable").asBoolean(), c.path("score").isNumber() ? c.path("score").asDouble() : null,
                    c.path("chosen").asBoolean(), text(c, "reason")));
        }
        String waitUntil = text(n, "wait_until");
        return new TargetDecision(text(n, "sequence_id"), n.path("index").asLong(), text(n, "container_step_id"),
                Instant.parse(text(n, "at")), TargetDecision.Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT)),
                text(n, "chosen_step_id"), text(n, "chosen_target"), text(n, "summary"), candidates,
                waitUntil == null ? null : Instant.parse(waitUntil));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
