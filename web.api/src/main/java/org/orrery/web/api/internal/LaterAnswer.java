package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An answer that a stage gives later, through the servlet's {@link AsyncContext}: no thread waits
 * for it (the claim long poll, a drain with {@code ?wait=}). Exactly one of these happens: the
 * stage's value is written; or the time runs out first and the timeout answer is written; or the
 * container reports an error (the client went away). A value that could not be delivered (the
 * time had run out, the client had gone, or writing it failed) is handed to {@code undelivered},
 * so that what it holds (tasks under lease) can be given back.
 *
 * @param <T> the stage's value
 */
final class LaterAnswer<T> implements AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(LaterAnswer.class);

    /** Writes an answer. */
    @FunctionalInterface
    interface Writer<T> {
        void write(HttpServletResponse response, T value) throws Exception;
    }

    private enum State {
        WAITING, ANSWERED, GONE
    }

    private final AsyncContext async;
    private final Writer<T> onValue;
    private final Writer<Void> onTimeout;
    private final Consumer<T> undelivered;
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

    private LaterAnswer(AsyncContext async, Writer<T> onValue, Writer<Void> onTimeout, Consumer<T> undelivered) {
        this.async = async;
        this.onValue = onValue;
        this.onTimeout = onTimeout;
        this.undelivered = undelivered;
    }

    /**
     * Puts the request in asynchronous mode until {@code stage} completes or {@code timeout} passes.
     * An exceptional stage is answered as {@link ApiServlet#answer} answers the exception.
     */
    static <T> void start(HttpServletRequest request, CompletionStage<T> stage, Duration timeout, Writer<T> onValue,
            Writer<Void> onTimeout, Consumer<T> undelivered) {
        AsyncContext async = request.startAsync();
        async.setTimeout(Math.max(1, timeout.toMillis()));
        LaterAnswer<T> answer = new LaterAnswer<>(async, onValue, onTimeout, undelivered);
        async.addListener(answer);
        stage.whenComplete(answer::completed);
    }

    private void completed(T value, Throwable error) {
        if (!state.compareAndSet(State.WAITING, State.ANSWERED)) {
            if (value != null) {
                undelivered.accept(value);
            }
            return;
        }
        try {
            async.start(() -> deliver(value, error));
        } catch (IllegalStateException e) { // the request ended meanwhile (the container timed it out)
            if (value != null) {
                undelivered.accept(value);
            }
        }
    }

    private void deliver(T value, Throwable error) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                ApiServlet.answer((HttpServletRequest) async.getRequest(), response, () -> {
                    if (cause instanceof Exception e) {
                        rethrow(e);
                    }
                    throw new IllegalStateException(String.valueOf(cause.getMessage()));
                });
            } else {
                onValue.write(response, value);
                response.flushBuffer();
            }
        } catch (Exception e) {
            LOG.info("{} {}: the answer could not be written ({}); what it held is given back",
                    ((HttpServletRequest) async.getRequest()).getMethod(), ((HttpServletRequest) async.getRequest())
                            .getRequestURI(), e.toString());
            if (value != null) {
                undelivered.accept(value);
            }
        } finally {
            async.complete();
        }
    }

    /** Lets {@link ApiServlet#answer} map the exceptions it knows; others become a 503 as unknown failures. */
    private static void rethrow(Exception e) throws ApiServlet.Refusal, org.orrery.task.TaskException, ApiJson.BadRequest,
            IOException {
        if (e instanceof ApiServlet.Refusal r) {
            throw r;
        }
        if (e instanceof org.orrery.task.TaskException t) {
            throw t;
        }
        if (e instanceof ApiJson.BadRequest b) {
            throw b;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        throw new IllegalStateException(e.getMessage(), e);
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        if (state.compareAndSet(State.WAITING, State.ANSWERED)) {
            try {
                onTimeout.write((HttpServletResponse) async.getResponse(), null);
            } catch (Exception e) {
                LOG.debug("the timeout answer could not be written: {}", e.toString());
            } finally {
                async.complete();
            }
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        if (state.compareAndSet(State.WAITING, State.GONE)) {
            async.complete();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // the answer was written
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
