package org.orrery.web.api.internal;

import java.util.Iterator;
import java.util.List;

import org.orrery.task.ResourceRequirements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seed 004's {@code resource_requirements} of a task in JSON: {@code cpu_cores}, {@code memory_gb},
 * {@code disk_gb} and {@code gpu_memory_gb}, each a number of at least 0 (absent: 0).
 */
final class RequirementsJson {

    /** The fields, in the order of {@link ResourceRequirements}' components. */
    static final List<String> FIELDS = List.of("cpu_cores", "memory_gb", "disk_gb", "gpu_memory_gb");

    private RequirementsJson() {
    }

    /** The requirements of a JSON object; null for an absent or null one; {@code where} names it in a refusal. */
    static ResourceRequirements read(JsonNode node, String where) throws ApiJson.BadRequest {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ApiJson.BadRequest("'" + where + "' must be an object with " + FIELDS + ", found " + ApiJson.kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiJson.BadRequest("unknown field '" + where + "." + ApiJson.shorten(name) + "'; resource requirements"
                        + " have the fields " + FIELDS);
            }
        }
        double[] values = new double[FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(FIELDS.get(i));
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isNumber() || !(v.doubleValue() >= 0) || Double.isInfinite(v.doubleValue())) {
                throw new ApiJson.BadRequest("'" + where + "." + FIELDS.get(i) + "' must be a number of at least 0, found "
                        + ApiJson.kind(v));
            }
            values[i] = v.doubleValue();
        }
        return new ResourceRequirements(values[0], values[1], values[2], values[3]);
    }

    /** The requirements as JSON; null for none. */
    static JsonNode write(ResourceRequirements r) {
        if (r == null) {
            return NullNode.getInstance();
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("cpu_cores", r.cpuCores());
        n.put("memory_gb", r.memoryGb());
        n.put("disk_gb", r.diskGb());
        n.put("gpu_memory_gb", r.gpuMemoryGb());
        return n;
    }
}
