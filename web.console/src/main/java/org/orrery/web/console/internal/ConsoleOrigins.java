package org.orrery.web.console.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which web pages may change things through the Web Console: a state-changing request (any
 * method but GET, HEAD and OPTIONS) from a browser must come from a page of the console's own
 * origin. The origin is the {@code Origin} header, or without it the {@code Referer}'s;
 * a request with neither (curl, scripts) is not a browser's and is allowed. The allowed
 * origins come from the configured HTTP address and port, never from the request's
 * {@code Host} header, so a page on a rebound DNS name does not pass: {@code http.host}
 * 127.0.0.1 (the default) allows {@code localhost}, {@code 127.0.0.1} and {@code [::1]};
 * another address allows itself; 0.0.0.0 allows every address of this machine's network
 * interfaces, {@code localhost} and the machine's own name. The framework property
 * {@value #EXTRA_ORIGINS} adds origins (comma-separated, e.g. a reverse proxy's
 * {@code https://observatory.example.org}).
 */
final class ConsoleOrigins {

    static final String HOST_PROPERTY = "org.apache.felix.http.host";
    static final String PORT_PROPERTY = "org.osgi.service.http.port";
    static final String SECURE_PORT_PROPERTY = "org.osgi.service.http.port.secure";
    static final String EXTRA_ORIGINS = "orrery.http.origins";

    private final Set<Integer> ports;
    private final Set<String> hosts;
    private final boolean everyLocalAddress;
    private final Set<String> extra;

    ConsoleOrigins(Set<Integer> ports, Set<String> hosts, boolean everyLocalAddress, Set<String> extra) {
        this.ports = Set.copyOf(ports);
        this.hosts = Set.copyOf(hosts);
        this.everyLocalAddress = everyLocalAddress;
        this.extra = Set.copyOf(extra);
    }

    /** The origins of the HTTP server as the framework properties configure it. */
    static ConsoleOrigins fromProperties(UnaryOperator<String> properties) {
        Set<Integer> ports = new HashSet<>();
        ports.add(port(properties.apply(PORT_PROPERTY), 8080));
        if (properties.apply(SECURE_PORT_PROPERTY) != null) {
            ports.add(port(properties.apply(SECURE_PORT_PROPERTY), 8443));
        }
        String host = properties.apply(HOST_PROPERTY);
        host = host == null || host.isBlank() ? "0.0.0.0" : host.trim().toLowerCase(Locale.ROOT);
        Set<String> hosts = new HashSet<>();
        boolean every = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (every || isLoopback(host)) {
            hosts.addAll(Set.of("localhost", "127.0.0.1", "[::1]"));
        }
        if (every) {
            try {
                InetAddress self = InetAddress.getLocalHost();
                hosts.add(self.getHostName().toLowerCase(Locale.ROOT));
                hosts.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                // the machine has no resolvable name: its addresses still pass
            }
        } else {
            hosts.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        }
        Set<String> extra = new HashSet<>();
        String listed = properties.apply(EXTRA_ORIGINS);
        if (listed != null) {
            for (String origin : listed.split(",")) {
                if (!origin.isBlank()) {
                    extra.add(normalise(origin.trim()));
                }
            }
        }
        return new ConsoleOrigins(ports, hosts, every, extra);
    }

    /**
     * Null when a request with these headers may change things; otherwise why not (for the
     * answer and the audit log).
     */
    String refusal(String method, String origin, String referer) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return null;
        }
        String from = origin != null ? origin : referer;
        if (from == null) {
            return null;
        }
        String header = origin != null ? "Origin" : "Referer";
        if (from.equals("null")) {
            return "a " + method + " from a page without an origin (Origin: null) is refused";
        }
        String normalised = normalise(from);
        if (normalised == null || !allowed(normalised)) {
            return "a " + method + " from a page of " + from + " (" + header + ") is refused: only pages of the Web Console's own"
                    + " address may change things";
        }
        return null;
    }

    private boolean allowed(String origin) {
        if (extra.contains(origin)) {
            return true;
        }
        URI uri = URI.create(origin);
        if (!ports.contains(uri.getPort())) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return hosts.contains(host) || everyLocalAddress && isLocalAddress(host);
    }

    /** {@code scheme://host:port} of a URL or origin, with the default port spelled out; null when it is not one. */
    static String normalise(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** True when {@code host} is an IP literal (never a name: no DNS lookup) of one of this machine's interfaces. */
    private static boolean isLocalAddress(String host) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-f:.%]+") || !literal.matches(".*[.:].*")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: parsed, not looked up
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress own : Collections.list(nic.getInetAddresses())) {
                    if (own.equals(address) || own instanceof Inet6Address && address instanceof Inet6Address
                            && java.util.Arrays.equals(own.getAddress(), address.getAddress())) {
                        return true;
                    }
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
        return false;
    }

    private static int port(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
