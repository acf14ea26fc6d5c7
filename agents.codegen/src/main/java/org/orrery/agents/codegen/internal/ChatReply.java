package org.orrery.agents.codegen.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The model's answer: its text, the model that answered, the token usage and why it stopped. */
record ChatReply(String text, String model, Map<String, Object> usage, String finishReason) {

    Map<String, Object> toResult() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", text);
        result.put("model", model);
        result.put("usage", usage);
        result.put("finish_reason", finishReason);
        return result;
    }
}
