package org.orrery.agents.codegen.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach the language model. {@code apiKey} is a secret: {@link #toString()}
 * never shows it, and neither does anything else in this bundle.
 *
 * @param baseUrl the endpoint's base, e.g. {@code http://localhost:11434/v1}; requests go to {@code {baseUrl}/chat/completions}
 * @param apiKey sent as {@code Authorization: Bearer}; empty for none
 * @param retries how many times a 429, a 5xx or a failed connection is tried again
 * @param backoff the first wait before a retry; doubled each time, with jitter, at most {@code maxBackoff}
 * @param maxBackoff the longest wait, also the longest Retry-After that is honoured
 */
record ChatSettings(URI baseUrl, String model, String apiKey, Duration timeout, int retries, Duration backoff,
        Duration maxBackoff, int maxTokens, double temperature) {

    ChatSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        apiKey = apiKey == null ? "" : apiKey;
    }

    URI completions() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    /** {@code text} with the key replaced by {@code ***}, for anything that is logged or shown. */
    String scrub(String text) {
        return text == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    }

    @Override
    public String toString() {
        return "ChatSettings[" + baseUrl + ", model " + model + ", key " + (apiKey.isEmpty() ? "none" : "set")
                + ", timeout " + timeout + ", retries " + retries + "]";
    }
}
