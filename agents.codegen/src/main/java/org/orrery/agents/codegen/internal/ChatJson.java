package org.orrery.agents.codegen.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskExecutionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The chat-completions wire format: the request body, the reply, an error reply's message. */
final class ChatJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SHOWN = 300;

    private final ChatSettings settings;

    ChatJson(ChatSettings settings) {
        this.settings = settings;
    }

    String request(List<ChatClient.Message> messages) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", settings.model());
        ArrayNode list = body.putArray("messages");
        for (ChatClient.Message message : messages) {
            list.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("temperature", settings.temperature());
        if (settings.maxTokens() > 0) {
            body.put("max_tokens", settings.maxTokens());
        }
        return body.toString();
    }

    /**
     * Reads {@code choices[0].message.content}, {@code model}, {@code usage} and
     * {@code choices[0].finish_reason}.
     *
     * @throws TaskExecutionException (not retryable) the body is not such a reply
     */
    ChatReply reply(String body) throws TaskExecutionException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("it is not JSON", body);
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        if (choice == null || !choice.isObject()) {
            throw malformed("it has no choices[0]", body);
        }
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            throw malformed("choices[0].message.content is not a string", body);
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        for (String field : List.of("prompt_tokens", "completion_tokens", "total_tokens")) {
            JsonNode count = root.path("usage").path(field);
            if (count.canConvertToLong()) {
                usage.put(field, count.asLong());
            }
        }
        String model = root.path("model").isTextual() ? root.path("model").asText() : settings.model();
        String finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null;
        return new ChatReply(content.asText(), model, usage, finish);
    }

    /** The message of an error reply ({@code error.message}, {@code error}, {@code message}), or the start of its body. */
    String errorMessage(String body) {
        String message = null;
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                message = error.path("message").isTextual() ? error.path("message").asText()
                        : error.isTextual() ? error.asText()
                        : root.path("message").isTextual() ? root.path("message").asText() : null;
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the body itself
        }
        return shorten(settings.scrub(message != null ? message : body == null || body.isBlank() ? "(no body)" : body));
    }

    private TaskExecutionException malformed(String why, String body) {
        return new TaskExecutionException("the language model at " + settings.baseUrl() + " sent a malformed reply ("
                + why + "): " + shorten(settings.scrub(body)), false, null);
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > MAX_SHOWN ? flat.substring(0, MAX_SHOWN) + "…" : flat;
    }
}
