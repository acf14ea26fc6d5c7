package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A language-model server for tests that speaks the OpenAI chat-completions API on loopback:
 * {@code POST /v1/chat/completions} answers with the next scripted {@link Answer}, or, when none is
 * scripted, a normal reply that echoes the last user message. It records every request (its
 * Authorization header and body). Used by this module's tests and by the e2e tests.
 */
public final class FakeChatServer implements AutoCloseable {

    /** One scripted answer; {@code hold} (if not null) is awaited before answering (a slow reply). */
    public record Answer(int status, Map<String, String> headers, String body, CountDownLatch hold) {
        public static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, null);
        }
    }

    /** A request as received. */
    public record Request(String path, String authorization, String body) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private final HttpServer server;

    public FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-chat-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public FakeChatServer then(Answer answer) {
        script.add(answer);
        return this;
    }

    /** A normal reply with {@code text}, model {@code fake-model} and a usage of 12 + 7 tokens. */
    public static String reply(String text) {
        return "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"model\": \"fake-model\", \"choices\": [{\"index\": 0,"
                + " \"message\": {\"role\": \"assistant\", \"content\": " + quote(text) + "}, \"finish_reason\": \"stop\"}],"
                + " \"usage\": {\"prompt_tokens\": 12, \"completion_tokens\": 7, \"total_tokens\": 19}}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            Answer answer = script.poll();
            if (answer == null) {
                answer = Answer.of(200, reply("echo: " + lastUserMessage(body)));
            }
            if (answer.hold() != null) {
                try {
                    answer.hold().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away (a timeout, a cancellation)
        }
    }

    private static String lastUserMessage(String body) {
        int at = body.lastIndexOf("\"content\":\"");
        if (at < 0) {
            return "";
        }
        int end = body.indexOf('"', at + 11);
        return end < 0 ? "" : body.substring(at + 11, Math.min(end, at + 11 + 40));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
