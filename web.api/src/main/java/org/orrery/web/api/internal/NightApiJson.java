package org.orrery.web.api.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.sequence.NightPreview;
import org.orrery.sequence.TargetDecision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The night's planner in JSON (snake_case): a page of decisions, a preview. */
final class NightApiJson {

    private NightApiJson() {
    }

    /** {@code {decisions: [...], next_after}}: pass {@code next_after} as {@code after} to get the later ones. */
    static ObjectNode decisions(List<TargetDecision> decisions, long after) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("decisions", decisionList(decisions));
        n.put("next_after", decisions.isEmpty() ? after : decisions.get(decisions.size() - 1).index());
        return n;
    }

    static ObjectNode preview(NightPreview p) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("sequence_id", p.sequenceId());
        n.put("from", p.from().toString());
        n.put("until", p.until().toString());
        ArrayNode entries = n.putArray("entries");
        p.entries().forEach(e -> entries.add(entry(e)));
        n.set("decisions", decisionList(p.decisions()));
        return n;
    }

    static ObjectNode entry(NightPreview.Entry e) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("start", e.start().toString());
        n.put("end", e.end().toString());
        n.put("activity", e.activity());
        n.put("step_id", e.stepId());
        n.put("target", e.target());
        ObjectNode frames = n.putObject("frames");
        new TreeMap<String, Integer>(e.frames()).forEach(frames::put);
        n.put("reason", e.reason());
        return n;
    }

    private static ArrayNode decisionList(List<TargetDecision> decisions) {
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        for (TargetDecision d : decisions) {
            Map<String, Object> map = d.toMap();
            list.add(ApiJson.MAPPER.<ObjectNode>valueToTree(map));
        }
        return list;
    }
}
