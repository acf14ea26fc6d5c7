package org.orrery.devices.alpaca.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.devices.alpaca.internal.AlpacaException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The HTTP side of one Alpaca server ({@code host:port}): GET with a query string, PUT with a
 * form-encoded body, {@code ClientID} and an increasing {@code ClientTransactionID} on every call,
 * and the error semantics of the Alpaca API reference: HTTP 200 with a non-zero
 * {@code ErrorNumber} is a device error, HTTP 400 a request the server did not understand (text
 * body), HTTP 500 a server fault. Every failure is an {@link AlpacaException} that names the server
 * and the call.
 *
 * <p>The JDK's {@link HttpClient} runs its work on an executor of this class; {@link #close()}
 * stops it (and, on JDK 21+, the client's selector thread; on JDK 17 that thread ends once the
 * closed client is garbage collected).
 */
final class AlpacaClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaClient.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IMAGEBYTES = "application/imagebytes";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final String owner;
    private final String host;
    private final int port;
    private final int clientId;
    private final Duration requestTimeout;
    private final AtomicLong transactions = new AtomicLong();
    private final ExecutorService httpExecutor;
    private volatile HttpClient http;

    /**
     * @param owner the device id (or another name) that exceptions carry
     * @param clientId the Alpaca ClientID, 1 to 4294967295
     */
    AlpacaClient(String owner, String host, int port, long clientId, Duration connectTimeout,
            Duration requestTimeout) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an Alpaca server needs a host name or address, got none");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Alpaca port must be 1 to 65535, was " + port);
        }
        this.owner = owner;
        this.host = host.trim();
        this.port = port;
        this.clientId = (int) clientId;
        this.requestTimeout = requestTimeout;
        String prefix = "orrery-alpaca-http-" + CLIENTS.incrementAndGet() + "-" + owner;
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads(prefix));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(httpExecutor)
                .build();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code host:port}. */
    String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    long clientId() {
        return Integer.toUnsignedLong(clientId);
    }

    /** The last ClientTransactionID sent. */
    long lastTransactionId() {
        return transactions.get();
    }

    private long nextTransactionId() {
        return transactions.updateAndGet(v -> v >= 0xFFFF_FFFFL ? 1 : v + 1);
    }

    /** GET {@code /api/v1/<path>}, e.g. {@code camera/0/ccdtemperature}; returns {@code Value} (NullNode when absent). */
    JsonNode get(String path, Map<String, ?> params) {
        long tx = nextTransactionId();
        String uri = "/api/v1/" + path + "?" + form(params, tx);
        HttpRequest request = request(uri, requestTimeout).header("Accept", "application/json").GET().build();
        return value(send(request, "GET " + path), "GET " + path, tx);
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** PUT {@code /api/v1/<path>} with the parameters as a form-encoded body; returns {@code Value}. */
    JsonNode put(String path, Map<String, ?> params) {
        long tx = nextTransactionId();
        HttpRequest request = request("/api/v1/" + path, requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(form(params, tx), StandardCharsets.UTF_8))
                .build();
        return value(send(request, "PUT " + path), "PUT " + path, tx);
    }

    JsonNode put(String path) {
        return put(path, Map.of());
    }

    /** GET a management path, e.g. {@code /management/v1/configureddevices}; returns {@code Value}. */
    JsonNode management(String path) {
        long tx = nextTransactionId();
        String uri = path + "?" + form(Map.of(), tx);
        HttpRequest request = request(uri, requestTimeout).header("Accept", "application/json").GET().build();
        return value(send(request, "GET " + path), "GET " + path, tx);
    }

    /**
     * GET {@code <device>/imagearray}: asks for ImageBytes when {@code imageBytes} is true and reads
     * whichever form the server sends (it answers JSON when it does not support ImageBytes).
     */
    AlpacaImage imageArray(String devicePath, boolean imageBytes, Duration timeout) {
        long tx = nextTransactionId();
        String what = "GET " + devicePath + "/imagearray";
        HttpRequest request = request("/api/v1/" + devicePath + "/imagearray?" + form(Map.of(), tx), timeout)
                .header("Accept", imageBytes ? IMAGEBYTES + ", application/json;q=0.9" : "application/json")
                .GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw statusError(response.statusCode(), new String(in.readNBytes(2000), StandardCharsets.UTF_8),
                        what);
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            try {
                if (type.startsWith(IMAGEBYTES)) {
                    return ImageDecoder.imageBytes(in.readAllBytes());
                }
                return ImageDecoder.json(in);
            } catch (ImageDecoder.ReplyError e) {
                if (e.errorNumber() == 0) {
                    throw new AlpacaException(owner, Kind.PROTOCOL, 0,
                            what + " on " + endpoint() + " sent an image that cannot be read: " + e.getMessage());
                }
                // -1: an ErrorMessage without an ErrorNumber, which the reference also counts as an error
                throw deviceError(Math.max(0, e.errorNumber()), e.getMessage(), what);
            }
        } catch (IOException e) {
            throw ioError(e, what);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://" + endpoint() + pathAndQuery))
                .timeout(timeout)
                .header("User-Agent", "Orrery");
    }

    /** The form (query string or PUT body): the parameters as given, then ClientID and ClientTransactionID. */
    private String form(Map<String, ?> params, long tx) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("ClientID", clientId());
        all.put("ClientTransactionID", tx);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(text(e.getValue()), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** Culture-neutral values: '.' as decimal separator, no exponent, booleans lower case. */
    static String text(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("Alpaca cannot carry " + d);
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Float f) {
            return text(f.doubleValue());
        }
        return String.valueOf(value);
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray(), what);
        if (response.statusCode() != 200) {
            throw statusError(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), what);
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw new IOException("expected a JSON object, got " + abbreviate(
                        new String(response.body(), StandardCharsets.UTF_8)));
            }
            return root;
        } catch (IOException e) {
            throw new AlpacaException(owner, Kind.PROTOCOL, 0,
                    what + " on " + endpoint() + " did not answer Alpaca JSON: " + e.getMessage(), e);
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        HttpClient client = http;
        if (client == null) {
            throw new AlpacaException(owner, Kind.UNREACHABLE, 0, "the Alpaca client for " + endpoint() + " is closed");
        }
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw ioError(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlpacaException(owner, Kind.UNREACHABLE, 0,
                    "interrupted while waiting for " + what + " on " + endpoint(), e);
        } catch (RuntimeException e) {
            // e.g. RejectedExecutionException once the client is closed
            throw new AlpacaException(owner, Kind.UNREACHABLE, 0,
                    what + " on " + endpoint() + " failed: " + e, e);
        }
    }

    private AlpacaException ioError(IOException e, String what) {
        String message;
        if (e instanceof HttpConnectTimeoutException) {
            message = "cannot reach Alpaca server " + endpoint() + ": no connection within the connect timeout ("
                    + what + ")";
        } else if (e instanceof HttpTimeoutException) {
            message = "Alpaca server " + endpoint() + " did not answer " + what + " within the request timeout";
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            message = "cannot reach Alpaca server " + endpoint() + ": connection refused (" + what + ")";
        } else if (e instanceof ClosedChannelException) {
            message = "Alpaca server " + endpoint() + " closed the connection during " + what;
        } else {
            message = "lost the connection to Alpaca server " + endpoint() + " during " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new AlpacaException(owner, Kind.UNREACHABLE, 0, message, e);
    }

    private AlpacaException statusError(int status, String body, String what) {
        String text = abbreviate(body.strip());
        if (status == 400) {
            return new AlpacaException(owner, Kind.BAD_REQUEST, 0, "Alpaca server " + endpoint()
                    + " did not understand " + what + " (HTTP 400): " + text);
        }
        if (status >= 400 && status < 500) {
            return new AlpacaException(owner, Kind.BAD_REQUEST, 0, "Alpaca server " + endpoint() + " refused " + what
                    + " (HTTP " + status + "): " + text);
        }
        return new AlpacaException(owner, Kind.SERVER_FAULT, 0, "Alpaca server " + endpoint() + " failed on " + what
                + " (HTTP " + status + "): " + text);
    }

    private AlpacaException deviceError(int number, String message, String what) {
        return new AlpacaException(owner, Kind.DEVICE, number, what + " on " + endpoint() + " answered ASCOM error "
                + AlpacaException.describe(number) + ": " + (message.isEmpty() ? "(no message)" : message));
    }

    /** Checks the error fields first (as the Alpaca reference recommends), then returns Value. */
    private JsonNode value(JsonNode root, String what, long tx) {
        JsonNode number = field(root, "ErrorNumber");
        JsonNode message = field(root, "ErrorMessage");
        if (number != null && !number.isNull() && !number.canConvertToInt()) {
            throw new AlpacaException(owner, Kind.PROTOCOL, 0,
                    what + " on " + endpoint() + " sent ErrorNumber " + number + ": expected an integer");
        }
        int error = number == null || number.isNull() ? 0 : number.asInt();
        String text = message == null || message.isNull() ? "" : message.asText();
        if (error != 0 || !text.isEmpty()) {
            throw deviceError(error, text, what);
        }
        JsonNode echoed = field(root, "ClientTransactionID");
        if (echoed != null && echoed.asLong() != 0 && echoed.asLong() != tx) {
            LOG.debug("{} on {} echoed ClientTransactionID {} for {}", what, endpoint(), echoed.asLong(), tx);
        }
        JsonNode value = field(root, "Value");
        return value == null ? NullNode.getInstance() : value;
    }

    /** A JSON member by name: exact casing first, then any casing (be liberal in what you accept). */
    static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Stops the HTTP client's threads; calls afterwards fail with UNREACHABLE. */
    @Override
    public void close() {
        HttpClient client = http;
        http = null;
        if (client != null) {
            // HttpClient.shutdownNow() exists from JDK 21; on 17 the selector thread ends once the client is collected
            try {
                HttpClient.class.getMethod("shutdownNow").invoke(client);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.trace("HttpClient.shutdownNow not available: {}", e.toString());
            }
        }
        httpExecutor.shutdownNow();
    }
}
