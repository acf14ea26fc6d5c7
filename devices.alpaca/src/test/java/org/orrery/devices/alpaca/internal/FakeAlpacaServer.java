package org.orrery.devices.alpaca.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small Alpaca server for the tests, written from ASCOM's published API description
 * (AlpacaDeviceAPI_v1 / AlpacaManagementAPI_v1 and the Alpaca API reference): camera 0 and
 * telescope 0 on 127.0.0.1, the management API, the UDP discovery responder, and the error replies
 * of the specification — HTTP 400 with a text body for a request it cannot understand (bad path,
 * missing or malformed parameter), HTTP 200 with ErrorNumber for what the device refuses (0x400 not
 * implemented, 0x401 invalid value, 0x407 not connected, 0x408 invalid while parked, 0x40B invalid
 * operation), HTTP 500 for a simulated fault. Parameter names are matched case-insensitively.
 */
public final class FakeAlpacaServer implements AutoCloseable {

    static final int WIDTH = 16;
    static final int HEIGHT = 12;
    static final int GAIN_MAX = 300;
    static final int DARK_OFFSET = 30000;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK server writes headers and body separately; without TCP_NODELAY each reply waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static final Pattern DEVICE_PATH = Pattern.compile("/api/v1/([^/]+)/([^/]+)/([^/]+)");

    /** One request as the server saw it. */
    record Request(String method, String path, Map<String, String> params, String accept) {
    }

    /** An ASCOM error: HTTP 200 with ErrorNumber. */
    static final class AscomError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int number;

        AscomError(int number, String message) {
            super(message);
            this.number = number;
        }
    }

    /** A request the server does not understand: HTTP 400 with a text body. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-alpaca-http");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final int port;
    private volatile HttpServer server;
    private DatagramSocket discovery;
    private Thread discoveryThread;
    private long serverTransactions;

    final FakeCamera camera = new FakeCamera();
    final FakeTelescope telescope = new FakeTelescope();
    final FakeSafetyMonitor safetyMonitor = new FakeSafetyMonitor();
    /** When true every device call answers HTTP 500. */
    volatile boolean fault;

    public FakeAlpacaServer() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    public int port() {
        return port;
    }

    String host() {
        return "127.0.0.1";
    }

    /** Stops answering: connections are refused until {@link #restart()}. */
    synchronized void stop() {
        HttpServer s = server;
        server = null;
        if (s != null) {
            s.stop(0);
        }
    }

    /** Listens again on the same port (the devices stay as they were, but disconnected, as after a power cycle). */
    synchronized void restart() throws IOException {
        if (server == null) {
            camera.connected = false;
            telescope.connected = false;
            server = start(port);
        }
    }

    /** Starts the UDP discovery responder on a free loopback port and returns that port. */
    synchronized int startDiscovery() throws IOException {
        discovery = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket socket = discovery;
        discoveryThread = new Thread(() -> {
            byte[] buffer = new byte[64];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    socket.receive(p);
                    String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("alpacadiscovery1")) {
                        byte[] reply = ("{\"AlpacaPort\": " + port + "}").getBytes(StandardCharsets.US_ASCII);
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // keep answering
                }
            }
        }, "fake-alpaca-discovery");
        discoveryThread.setDaemon(true);
        discoveryThread.start();
        return discovery.getLocalPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String pathSuffix) {
        return requests().stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (discovery != null) {
            discovery.close();
            discoveryThread.join(2000);
        }
        executor.shutdownNow();
        executor.awaitTermination(2, TimeUnit.SECONDS);
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String accept = ex.getRequestHeaders().getFirst("Accept");
            try {
                if (method.equals("GET")) {
                    parseForm(ex.getRequestURI().getRawQuery(), params);
                } else if (method.equals("PUT")) {
                    String type = ex.getRequestHeaders().getFirst("Content-Type");
                    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
                        throw new BadRequest("PUT needs a form-encoded body (application/x-www-form-urlencoded), got "
                                + type);
                    }
                    try (InputStream in = ex.getRequestBody()) {
                        parseForm(new String(in.readAllBytes(), StandardCharsets.UTF_8), params);
                    }
                } else {
                    throw new BadRequest("method " + method + " is not used by Alpaca");
                }
                requests.add(new Request(method, path, Map.copyOf(new LinkedHashMap<>(params)), accept));
                long clientTx = uint(params, "ClientTransactionID");
                uint(params, "ClientID");
                long serverTx;
                synchronized (this) {
                    serverTx = ++serverTransactions;
                }
                if (path.startsWith("/management/")) {
                    sendJson(ex, envelope(management(path), clientTx, serverTx, 0, ""));
                    return;
                }
                Matcher m = DEVICE_PATH.matcher(path);
                if (!m.matches()) {
                    throw new BadRequest("'" + path + "' is not an Alpaca device path /api/v1/{type}/{number}/{method}");
                }
                if (fault) {
                    send(ex, 500, "text/plain", "simulated fault in the Alpaca device".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String type = m.group(1);
                String number = m.group(2);
                String member = m.group(3);
                if (!path.equals(path.toLowerCase(Locale.ROOT))) {
                    throw new BadRequest("Alpaca paths are lower case, got '" + path + "'");
                }
                if (!number.equals("0")) {
                    throw new BadRequest("there is no " + type + " number " + number);
                }
                try {
                    if (type.equals("camera") && member.equals("imagearray") && method.equals("GET")) {
                        imageArray(ex, accept, clientTx, serverTx);
                        return;
                    }
                    Object value = switch (type) {
                        case "camera" -> camera.call(method, member, params);
                        case "telescope" -> telescope.call(method, member, params);
                        case "safetymonitor" -> safetyMonitor.call(method, member, params);
                        default -> throw new BadRequest("'" + type + "' is not a device type of this server");
                    };
                    sendJson(ex, envelope(value, clientTx, serverTx, 0, ""));
                } catch (AscomError e) {
                    sendJson(ex, envelope(null, clientTx, serverTx, e.number, e.getMessage()));
                }
            } catch (BadRequest e) {
                send(ex, 400, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain", ("internal error: " + e).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private Object management(String path) {
        return switch (path) {
            case "/management/apiversions" -> List.of(1);
            case "/management/v1/description" -> Map.of("ServerName", "Fake Alpaca", "Manufacturer", "Orrery tests",
                    "ManufacturerVersion", "1.0", "Location", "loopback");
            case "/management/v1/configureddevices" -> List.of(
                    device("Fake Alpaca Camera", "Camera", 0, "5c1a7f3e-0001"),
                    device("Fake Alpaca Telescope", "Telescope", 0, "5c1a7f3e-0002"),
                    device("Fake Alpaca Focuser", "Focuser", 0, "5c1a7f3e-0003"));
            default -> throw new BadRequest("unknown management path " + path);
        };
    }

    private static Map<String, Object> device(String name, String type, int number, String uid) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("DeviceName", name);
        d.put("DeviceType", type);
        d.put("DeviceNumber", number);
        d.put("UniqueID", uid);
        return d;
    }

    private static Map<String, Object> envelope(Object value, long clientTx, long serverTx, int error, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (value != null) {
            r.put("Value", value);
        }
        r.put("ClientTransactionID", clientTx);
        r.put("ServerTransactionID", serverTx);
        r.put("ErrorNumber", error);
        r.put("ErrorMessage", message);
        return r;
    }

    private void imageArray(HttpExchange ex, String accept, long clientTx, long serverTx) throws IOException {
        boolean bytes = camera.imageBytes && accept != null && accept.contains("application/imagebytes");
        int[][] image;
        try {
            image = camera.image();
        } catch (AscomError e) {
            if (bytes) {
                byte[] msg = e.getMessage().getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = metadata(44 + msg.length, e.number, clientTx, serverTx, 0, 0, 0, 0, 0);
                b.put(msg);
                send(ex, 200, "application/imagebytes", b.array());
            } else {
                sendJson(ex, envelope(null, clientTx, serverTx, e.number, e.getMessage()));
            }
            return;
        }
        int w = image.length;
        int h = image[0].length;
        if (bytes) {
            int type = camera.transmission;
            int size = type == ImageDecoder.UINT16 ? 2 : type == ImageDecoder.BYTE ? 1 : 4;
            ByteBuffer b = metadata(44 + w * h * size, 0, clientTx, serverTx, ImageDecoder.INT32, type, 2, w, h);
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) { // [x][y], the rightmost (height) index fastest
                    switch (size) {
                        case 1 -> b.put((byte) image[x][y]);
                        case 2 -> b.putShort((short) image[x][y]);
                        default -> b.putInt(image[x][y]);
                    }
                }
            }
            send(ex, 200, "application/imagebytes", b.array());
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Type", 2);
            r.put("Rank", 2);
            r.put("Value", image);
            r.putAll(envelope(null, clientTx, serverTx, 0, ""));
            sendJson(ex, r);
        }
    }

    private static ByteBuffer metadata(int length, int error, long clientTx, long serverTx, int imageType, int
            transmission, int rank, int d1, int d2) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(error).putInt((int) clientTx).putInt((int) serverTx).putInt(44).putInt(imageType)
                .putInt(transmission).putInt(rank).putInt(d1).putInt(d2).putInt(0);
        return b;
    }

    private static void sendJson(HttpExchange ex, Object body) throws IOException {
        send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    private static long uint(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw new BadRequest(name + " '" + v + "' is outside 0 to 4294967295");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " '" + v + "' is not an unsigned integer");
        }
    }

    static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new BadRequest("missing parameter " + name);
        }
        return v;
    }

    static double number(Map<String, String> params, String name) {
        String v = required(params, name);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " '" + v + "' is not a number");
        }
    }

    static int integer(Map<String, String> params, String name) {
        String v = required(params, name);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " '" + v + "' is not an integer");
        }
    }

    static boolean bool(Map<String, String> params, String name) {
        String v = required(params, name).trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadRequest(name + " '" + v + "' is not true or false");
    }

    static AscomError notImplemented(String member) {
        return new AscomError(0x400, member + " is not implemented by this device");
    }

    // ---- camera 0 ----

    /** The image: pixel (x, y) of a light frame is 1000·y + x + 1, of a dark frame that plus {@value #DARK_OFFSET}. */
    static int pattern(int x, int y, boolean light) {
        return 1000 * y + x + 1 + (light ? 0 : DARK_OFFSET);
    }

    private static final java.util.Set<String> CAMERA_GET = java.util.Set.of("cameraxsize", "cameraysize",
            "pixelsizex", "pixelsizey", "maxbinx", "maxbiny", "maxadu", "exposuremin", "exposuremax", "gainmin",
            "gainmax", "gains", "offsets", "offsetmin", "offsetmax", "gain", "offset", "binx", "biny", "numx", "numy",
            "ccdtemperature", "canabortexposure", "sensortype", "camerastate", "imageready");
    private static final java.util.Set<String> CAMERA_PUT = java.util.Set.of("binx", "biny", "startx", "starty", "numx",
            "numy", "gain", "offset", "startexposure", "abortexposure", "stopexposure");
    private static final java.util.Set<String> TELESCOPE_GET = java.util.Set.of("rightascension", "declination",
            "slewing", "tracking", "atpark", "canpark", "canunpark", "cansettracking", "canslewasync", "sitelatitude",
            "sitelongitude", "siteelevation", "sideofpier");
    private static final java.util.Set<String> TELESCOPE_PUT = java.util.Set.of("slewtocoordinatesasync", "tracking",
            "park", "unpark", "abortslew", "synctocoordinates");

    /** HTTP 400 for a member the device type does not have (checked before anything else, as the spec's flow says). */
    static void known(String type, String method, String member, java.util.Set<String> get, java.util.Set<String> put) {
        if (!(method.equals("GET") ? get : put).contains(member)) {
            throw new BadRequest("'" + member + "' is not a " + type + " member that can be " + method);
        }
    }

    /**
     * What both fake devices answer alike: {@code connected} (GET and PUT) and {@code name} at any
     * time; any other member only if the type has it (else HTTP 400) and while connected (else
     * ASCOM error 0x407 NotConnected).
     */
    abstract static class FakeDevice {
        volatile boolean connected;
        private final String type;
        private final String name;
        private final java.util.Set<String> get;
        private final java.util.Set<String> put;

        FakeDevice(String type, String name, java.util.Set<String> get, java.util.Set<String> put) {
            this.type = type;
            this.name = name;
            this.get = get;
            this.put = put;
        }

        final synchronized Object call(String method, String member, Map<String, String> p) {
            if (member.equals("connected")) {
                if (method.equals("PUT")) {
                    connected = FakeAlpacaServer.bool(p, "Connected");
                    return null;
                }
                return connected;
            }
            if (member.equals("name")) {
                return name;
            }
            java.util.Optional<Object> always = always(member);
            if (always.isPresent()) {
                return always.get();
            }
            known(type, method, member, get, put);
            if (!connected) {
                throw new AscomError(0x407, type + " 0 is not connected");
            }
            update();
            if (method.equals("PUT")) {
                put(member, p);
                return null;
            }
            return get(member);
        }

        /** A member answered at any time, connected or not, besides connected and name. */
        java.util.Optional<Object> always(String member) {
            return java.util.Optional.empty();
        }

        /** Brings the state up to now, before a member is read or set. */
        abstract void update();

        abstract void put(String member, Map<String, String> p);

        abstract Object get(String member);
    }

    final class FakeCamera extends FakeDevice {
        volatile boolean gainLimits = true;
        volatile boolean imageBytes = true;
        volatile int transmission = ImageDecoder.UINT16;
        /** When true, imageready never becomes true (for abort and removal tests). */
        volatile boolean hang;
        int binX = 1;
        int binY = 1;
        int numX = WIDTH;
        int numY = HEIGHT;
        int startX;
        int startY;
        int gain = 100;
        int offset = 10;
        int state;
        long readyAt;
        boolean exposing;
        boolean ready;
        boolean light;
        double duration;

        FakeCamera() {
            super("camera", "Fake Alpaca Camera", CAMERA_GET, CAMERA_PUT);
        }

        @Override
        java.util.Optional<Object> always(String member) {
            return member.equals("interfaceversion") ? java.util.Optional.of(3) : java.util.Optional.empty();
        }

        @Override
        void put(String member, Map<String, String> p) {
            switch (member) {
                case "binx" -> binX = bin(integer(p, "BinX"), "BinX");
                case "biny" -> binY = bin(integer(p, "BinY"), "BinY");
                case "startx" -> startX = integer(p, "StartX");
                case "starty" -> startY = integer(p, "StartY");
                case "numx" -> numX = integer(p, "NumX");
                case "numy" -> numY = integer(p, "NumY");
                case "gain" -> {
                    int g = integer(p, "Gain");
                    if (g < 0 || g > GAIN_MAX) {
                        throw new AscomError(0x401, "Gain " + g + " is outside the valid range 0 to " + GAIN_MAX);
                    }
                    gain = g;
                }
                case "offset" -> {
                    int o = integer(p, "Offset");
                    if (o < 0 || o > 100) {
                        throw new AscomError(0x401, "Offset " + o + " is outside the valid range 0 to 100");
                    }
                    offset = o;
                }
                case "startexposure" -> startExposure(number(p, "Duration"), FakeAlpacaServer.bool(p, "Light"));
                case "abortexposure", "stopexposure" -> {
                    exposing = false;
                    state = 0;
                }
                default -> throw new BadRequest("'" + member + "' is not a camera method that can be PUT");
            }
        }

        @Override
        Object get(String member) {
            return switch (member) {
                case "cameraxsize" -> WIDTH;
                case "cameraysize" -> HEIGHT;
                case "pixelsizex", "pixelsizey" -> 3.76;
                case "maxbinx", "maxbiny" -> 4;
                case "maxadu" -> 65535;
                case "exposuremin" -> 0.001;
                case "exposuremax" -> 3600.0;
                case "gainmin" -> {
                    if (!gainLimits) {
                        throw notImplemented("GainMin");
                    }
                    yield 0;
                }
                case "gainmax" -> {
                    if (!gainLimits) {
                        throw notImplemented("GainMax");
                    }
                    yield GAIN_MAX;
                }
                case "gains", "offsets" -> throw notImplemented(member);
                case "offsetmin" -> 0;
                case "offsetmax" -> 100;
                case "gain" -> gain;
                case "offset" -> offset;
                case "binx" -> binX;
                case "biny" -> binY;
                case "numx" -> numX;
                case "numy" -> numY;
                case "ccdtemperature" -> -10.0;
                case "canabortexposure" -> true;
                case "sensortype" -> 0;
                case "camerastate" -> state;
                case "imageready" -> ready;
                default -> throw new BadRequest("'" + member + "' is not a camera member");
            };
        }

        private int bin(int b, String name) {
            if (b < 1 || b > 4) {
                throw new AscomError(0x401, name + " " + b + " is outside the valid range 1 to 4");
            }
            return b;
        }

        private void startExposure(double seconds, boolean lightFrame) {
            if (seconds < 0) {
                throw new AscomError(0x401, "Duration " + seconds + " is negative");
            }
            if (exposing) {
                throw new AscomError(0x40B, "an exposure is already in progress");
            }
            if (numX < 1 || numX * binX > WIDTH || numY < 1 || numY * binY > HEIGHT) {
                throw new AscomError(0x401, "NumX/NumY " + numX + "x" + numY + " do not fit the sensor at binning "
                        + binX + "x" + binY);
            }
            exposing = true;
            ready = false;
            light = lightFrame;
            duration = seconds;
            state = 2;
            readyAt = System.nanoTime() + (long) (seconds * 1e9);
        }

        @Override
        void update() {
            if (exposing && !hang && System.nanoTime() >= readyAt) {
                exposing = false;
                ready = true;
                state = 0;
            }
        }

        synchronized int[][] image() {
            if (!connected) {
                throw new AscomError(0x407, "camera 0 is not connected");
            }
            update();
            if (!ready) {
                throw new AscomError(0x40B, "there is no image: take an exposure and wait for ImageReady");
            }
            int[][] image = new int[numX][numY];
            for (int x = 0; x < numX; x++) {
                for (int y = 0; y < numY; y++) {
                    image[x][y] = pattern(x, y, light);
                }
            }
            return image;
        }
    }

    // ---- telescope 0 ----

    final class FakeTelescope extends FakeDevice {
        /** How long a slew takes. */
        volatile long slewMillis = 150;
        double ra = 6;
        double dec = 10;
        double fromRa;
        double fromDec;
        double toRa;
        double toDec;
        long moveStart;
        long moveEnd;
        boolean moving;
        boolean tracking;
        boolean parking;
        boolean atPark;
        /**
         * The local sidereal time the pier side is computed with: at the end of a slew the side is
         * pierWest (1) for a target east of the meridian, pierEast (0) past it, as a German mount.
         */
        volatile double siderealTime = 6;
        /** ASCOM PierSide: 0 pierEast, 1 pierWest, −1 unknown. */
        volatile int sideOfPier = 1;
        /** Whether sideofpier is implemented (a fork mount's driver may answer NotImplemented). */
        volatile boolean hasSideOfPier = true;

        FakeTelescope() {
            super("telescope", "Fake Alpaca Telescope", TELESCOPE_GET, TELESCOPE_PUT);
        }

        @Override
        void put(String member, Map<String, String> p) {
            switch (member) {
                case "slewtocoordinatesasync" -> {
                    double r = number(p, "RightAscension");
                    double d = number(p, "Declination");
                    if (r < 0 || r >= 24) {
                        throw new AscomError(0x401, "RightAscension " + r + " is outside 0 to 24 hours");
                    }
                    if (d < -90 || d > 90) {
                        throw new AscomError(0x401, "Declination " + d + " is outside -90 to 90 degrees");
                    }
                    if (atPark) {
                        throw new AscomError(0x408, "the telescope is parked: unpark it before slewing");
                    }
                    if (!tracking) {
                        throw new AscomError(0x40B, "SlewToCoordinatesAsync needs Tracking to be true");
                    }
                    move(r, d);
                }
                case "tracking" -> {
                    boolean t = FakeAlpacaServer.bool(p, "Tracking");
                    if (atPark) {
                        throw new AscomError(0x408, "the telescope is parked: tracking cannot change");
                    }
                    tracking = t;
                }
                case "park" -> {
                    tracking = false;
                    parking = true;
                    move(0, 90);
                }
                case "synctocoordinates" -> {
                    double r = number(p, "RightAscension");
                    double d = number(p, "Declination");
                    if (atPark) {
                        throw new AscomError(0x408, "the telescope is parked: unpark it before syncing");
                    }
                    if (moving) {
                        throw new AscomError(0x40B, "cannot sync while slewing");
                    }
                    ra = r;
                    dec = d;
                }
                case "unpark" -> {
                    atPark = false;
                    parking = false;
                }
                case "abortslew" -> {
                    if (atPark) {
                        throw new AscomError(0x408, "the telescope is parked");
                    }
                    moving = false;
                    parking = false;
                }
                default -> throw new BadRequest("'" + member + "' is not a telescope method that can be PUT");
            }
        }

        @Override
        Object get(String member) {
            return switch (member) {
                case "rightascension" -> ra;
                case "declination" -> dec;
                case "slewing" -> moving;
                case "tracking" -> tracking;
                case "atpark" -> atPark;
                case "canpark", "canunpark", "cansettracking", "canslewasync" -> true;
                case "sitelatitude" -> 52.5;
                case "sitelongitude" -> 13.4;
                case "siteelevation" -> 35.0;
                case "sideofpier" -> {
                    if (!hasSideOfPier) {
                        throw new AscomError(0x400, "sideofpier is not implemented");
                    }
                    yield sideOfPier;
                }
                default -> throw new BadRequest("'" + member + "' is not a telescope member");
            };
        }

        private void move(double r, double d) {
            update();
            fromRa = ra;
            fromDec = dec;
            toRa = r;
            toDec = d;
            moveStart = System.nanoTime();
            moveEnd = moveStart + slewMillis * 1_000_000;
            moving = true;
        }

        @Override
        void update() {
            if (!moving) {
                return;
            }
            long now = System.nanoTime();
            if (now >= moveEnd) {
                ra = toRa;
                dec = toDec;
                moving = false;
                double ha = ((siderealTime - toRa) % 24 + 36) % 24 - 12;
                sideOfPier = ha < 0 ? 1 : 0;
                if (parking) {
                    parking = false;
                    atPark = true;
                }
            } else {
                double f = (double) (now - moveStart) / (moveEnd - moveStart);
                ra = fromRa + (toRa - fromRa) * f;
                dec = fromDec + (toDec - fromDec) * f;
            }
        }
    }

    // ---- safety monitor 0 ----

    /** {@code issafe}, which the test sets. */
    static final class FakeSafetyMonitor extends FakeDevice {
        volatile boolean safe = true;

        FakeSafetyMonitor() {
            super("safetymonitor", "Fake Alpaca Safety Monitor", java.util.Set.of("issafe"), java.util.Set.of());
        }

        @Override
        void update() {
        }

        @Override
        void put(String member, Map<String, String> p) {
            throw new BadRequest("'" + member + "' is not a safetymonitor method that can be PUT");
        }

        @Override
        Object get(String member) {
            return safe;
        }
    }
}
