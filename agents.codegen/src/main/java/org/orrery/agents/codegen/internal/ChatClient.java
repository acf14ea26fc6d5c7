package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible chat-completions client on java.net.http, asynchronous from end to end: no
 * thread waits for the answer or for a retry. A 429 (after its Retry-After) or a 5xx or a failed
 * connection (refused, or not made within the timeout) is tried again up to {@link ChatSettings#retries()} times with exponential backoff and
 * jitter; another 4xx, a malformed answer and a timeout end the call. Every message is scrubbed of
 * the API key.
 */
final class ChatClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);

    /** A message of the conversation: role {@code system}, {@code user} or {@code assistant}. */
    record Message(String role, String content) {
    }

    private final ChatSettings settings;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;
    private final ChatJson json;

    ChatClient(ChatSettings settings, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.json = new ChatJson(settings);
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    ChatSettings settings() {
        return settings;
    }

    /**
     * Sends the conversation. Completing the returned future (cancelling it, or completing it
     * exceptionally with the cancellation's reason) aborts the request in flight or the wait
     * before a retry. It fails with a {@link TaskException} that says whether a later attempt may help.
     */
    CompletableFuture<ChatReply> complete(List<Message> messages) {
        Call call = new Call(json.request(messages));
        call.attempt(0);
        return call.result;
    }

    /**
     * Ends the HTTP client's threads at once on Java 21 and later ({@code HttpClient.shutdownNow()};
     * its {@code close()} would wait for requests in flight). On Java 17 the client has no such
     * method: its selector thread ends when the client is garbage collected.
     */
    @Override
    public void close() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (NoSuchMethodException java17) {
            // nothing to do
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Closing the HTTP client of {}: {}", settings.baseUrl(), e.toString());
        }
    }

    /** One conversation sent, with its retries. */
    private final class Call {
        final CompletableFuture<ChatReply> result = new CompletableFuture<>();
        final String body;
        volatile Future<?> current = CompletableFuture.completedFuture(null);

        Call(String body) {
            this.body = body;
            result.whenComplete((reply, error) -> current.cancel(true));
        }

        void attempt(int retry) {
            if (result.isDone()) {
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(settings.completions()).timeout(settings.timeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (!settings.apiKey().isEmpty()) {
                request.header("Authorization", "Bearer " + settings.apiKey());
            }
            LOG.debug("POST {} (model {}), try {}", settings.completions(), settings.model(), retry + 1);
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
            current = sent;
            if (result.isDone()) {
                sent.cancel(true);
                return;
            }
            sent.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        failed(retry, unwrap(error));
                    } else {
                        answered(retry, response);
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(new TaskExecutionException(settings.scrub(e.toString()), false, null));
                }
            });
        }

        private void answered(int retry, HttpResponse<String> response) {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    result.complete(json.reply(response.body()));
                } catch (TaskException e) {
                    result.completeExceptionally(e);
                }
                return;
            }
            String message = json.errorMessage(response.body());
            if (status == 429 || status >= 500) {
                Duration wait = status == 429 ? RetryAfter.parse(response.headers().firstValue("Retry-After"), clock)
                        .orElse(null) : null;
                retryOrFail(retry, wait, "answered " + status + ": " + message);
                return;
            }
            result.completeExceptionally(new TaskExecutionException("the language model at " + settings.baseUrl()
                    + " refused the request with " + status + ": " + message, false, null));
        }

        private void failed(int retry, Throwable error) {
            if (error instanceof HttpTimeoutException && !(error instanceof HttpConnectTimeoutException)) {
                result.completeExceptionally(new TaskTimeoutException("the language model at " + settings.baseUrl()
                        + " did not answer within " + settings.timeout().toMillis() + " ms"));
            } else if (error instanceof IOException) {
                retryOrFail(retry, null, "could not be reached: " + settings.scrub(error.toString()));
            } else if (!result.isDone()) {
                result.completeExceptionally(new TaskExecutionException("the request to the language model at "
                        + settings.baseUrl() + " failed: " + settings.scrub(error.toString()), false, null));
            }
        }

        private void retryOrFail(int retry, Duration retryAfter, String what) {
            String where = "the language model at " + settings.baseUrl() + " ";
            if (retry >= settings.retries()) {
                result.completeExceptionally(new TaskExecutionException(where + what + " (after " + (retry + 1)
                        + " tries)", true, null));
                return;
            }
            if (retryAfter != null && retryAfter.compareTo(settings.maxBackoff()) > 0) {
                result.completeExceptionally(new TaskExecutionException(where + what + "; it asks to wait "
                        + retryAfter.toSeconds() + " s, more than the configured longest wait of "
                        + settings.maxBackoff().toSeconds() + " s", true, null));
                return;
            }
            Duration wait = retryAfter != null ? retryAfter : backoff(retry);
            LOG.warn("The language model at {} {}; try {} of {} in {} ms", settings.baseUrl(), what, retry + 2,
                    settings.retries() + 1, wait.toMillis());
            CompletionStage<Void> sleep = sleeper.sleep(wait);
            current = sleep.toCompletableFuture();
            sleep.whenComplete((done, error) -> attempt(retry + 1));
        }

        /** backoff × 2^retry, at most maxBackoff, then between half and all of it (jitter). */
        private Duration backoff(int retry) {
            long base = settings.backoff().toMillis() << Math.min(retry, 30);
            long capped = Math.min(base < 0 ? Long.MAX_VALUE : base, settings.maxBackoff().toMillis());
            return Duration.ofMillis((long) (capped * (0.5 + 0.5 * random.getAsDouble())));
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
