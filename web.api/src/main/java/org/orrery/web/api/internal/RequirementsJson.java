package org.orrery.web.api.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceRequirements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a task needs in JSON: seed 004's {@code resource_requirements} ({@code cpu_cores},
 * {@code memory_gb}, {@code disk_gb} and {@code gpu_memory_gb}, each a number of at least 0, absent:
 * 0) and seed 003's resource claims ({@code {"name", "type", "mode", "amount"}}).
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

    /** The fields of a resource claim ({@code identifier} is seed 003's name for {@code name}). */
    private static final Set<String> CLAIM_FIELDS = Set.of("name", "identifier", "type", "mode", "amount");

    /**
     * A resource claim: {@code name} (or seed 003's {@code identifier}), {@code type} (seed 003's
     * types, absent: custom), {@code mode} (read, write or exclusive; absent: exclusive) and
     * {@code amount} (at least 1; absent: 1); {@code where} names it in a refusal.
     */
    static ResourceClaim claim(JsonNode node, String where) throws ApiJson.BadRequest {
        if (node == null || !node.isObject()) {
            throw new ApiJson.BadRequest("'" + where + "' must be an object {\"name\", \"type\", \"mode\", \"amount\"}, found "
                    + ApiJson.kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!CLAIM_FIELDS.contains(name)) {
                throw new ApiJson.BadRequest("unknown field '" + where + "." + ApiJson.shorten(name) + "'; a resource has name (or"
                        + " identifier), type, mode and amount");
            }
        }
        String name = TaskApiJson.text(node, "name", where + ".", false);
        if (name == null) {
            name = TaskApiJson.text(node, "identifier", where + ".", false);
        }
        if (name == null || name.isBlank()) {
            throw new ApiJson.BadRequest("'" + where + ".name' is required: the resource's name");
        }
        String typeText = TaskApiJson.text(node, "type", where + ".", false);
        ResourceClaim.Type type;
        try {
            type = typeText == null ? ResourceClaim.Type.CUSTOM : ResourceClaim.Type.parse(typeText);
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest("'" + where + ".type' must be one of " + ResourceClaim.Type.ids() + ", found "
                    + ApiJson.kind(node.get("type")));
        }
        String modeText = TaskApiJson.text(node, "mode", where + ".", false);
        ResourceClaim.Mode mode;
        try {
            mode = modeText == null ? ResourceClaim.Mode.EXCLUSIVE : ResourceClaim.Mode.parse(modeText);
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest("'" + where + ".mode': " + e.getMessage());
        }
        return new ResourceClaim(name, type, mode, TaskApiJson.integer(node, "amount", where + ".", 1, 1, 1_000_000));
    }

    /** A resource claim as JSON: name, type, mode, amount. */
    static ObjectNode write(ResourceClaim c) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("name", c.name()).put("type", c.type().id()).put("mode", c.mode().id()).put("amount", c.amount());
        return n;
    }
}
