package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskSpec;

/**
 * The scheduler task of one attempt of a task step, from the step's fields (macros expanded)
 * with the REST task API's names: priority, timeout, max_retries, retry_delay, backoff,
 * max_delay, resources, tags, metadata, capability.
 */
final class TaskSpecs {

    private TaskSpecs() {
    }

    /** @throws IllegalArgumentException a field's value cannot be used (after expansion) */
    @SuppressWarnings("unchecked")
    static TaskSpec of(Map<String, Object> f, String taskId, String sequenceId, String stepId, String path) {
        TaskSpec.Builder b = TaskSpec.builder(String.valueOf(f.get("action"))).id(taskId)
                .name(f.get("name") == null ? stepId : String.valueOf(f.get("name")));
        if (f.get("parameters") instanceof Map<?, ?> p) {
            b.parameters((Map<String, Object>) p);
        }
        Object priority = f.get("priority");
        if (priority != null) {
            b.priority(priority instanceof Number n ? Priority.of(n.intValue()) : Priority.parse(priority.toString()));
        }
        if (f.get("timeout") != null) {
            b.timeout(seconds(f, "timeout"));
        }
        if (f.get("max_retries") != null || f.get("retry_delay") != null) {
            int retries = f.get("max_retries") == null ? 0 : number(f, "max_retries").intValue();
            Duration delay = f.get("retry_delay") == null ? Duration.ofSeconds(5) : seconds(f, "retry_delay");
            double backoff = f.get("backoff") == null ? 2 : number(f, "backoff").doubleValue();
            Duration max = f.get("max_delay") == null ? Duration.ofSeconds(300) : seconds(f, "max_delay");
            b.retry(new RetryPolicy(retries, delay, backoff, max, 0.1));
        }
        if (f.get("resources") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> claim = (Map<String, Object>) o;
                b.resource(new ResourceClaim(String.valueOf(claim.get("name")),
                        claim.get("type") == null ? null : ResourceClaim.Type.parse(String.valueOf(claim.get("type"))),
                        claim.get("mode") == null ? null : ResourceClaim.Mode.parse(String.valueOf(claim.get("mode"))),
                        claim.get("amount") instanceof Number n ? n.intValue() : 1));
            }
        }
        List<String> tags = new ArrayList<>(List.of("sequence:" + sequenceId, "step:" + stepId));
        if (f.get("tags") instanceof List<?> list) {
            list.forEach(t -> tags.add(String.valueOf(t)));
        }
        b.tags(tags);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (f.get("metadata") instanceof Map<?, ?> m) {
            metadata.putAll((Map<String, Object>) m);
        }
        metadata.put("sequence_id", sequenceId);
        metadata.put("step_id", stepId);
        metadata.put("path", path);
        b.metadata(metadata);
        if (f.get("capability") != null) {
            b.capability(String.valueOf(f.get("capability")));
        }
        return b.build();
    }

    private static Number number(Map<String, Object> f, String field) {
        if (f.get(field) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(field + ": expected a number, found '" + f.get(field) + "'");
    }

    private static Duration seconds(Map<String, Object> f, String field) {
        return Durations.seconds(number(f, field));
    }
}
