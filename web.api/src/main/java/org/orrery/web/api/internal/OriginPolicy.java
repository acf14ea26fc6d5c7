package org.orrery.web.api.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.BundleContext;

/**
 * Which web pages may call the API and open the event stream: those served by Orrery itself,
 * at the address it is configured to listen on ({@code http.host}, {@code http.port}), never
 * whatever the request's own {@code Host} says (a DNS-rebinding page controls that). Clients
 * that send no {@code Origin} (curl, scripts, other programs) are not browsers and pass.
 *
 * <p>Bound to loopback, the origins are {@code http://localhost:PORT}, {@code http://127.0.0.1:PORT}
 * and {@code http://[::1]:PORT}; bound to a wildcard address, also the machine's host name and
 * interface addresses; bound to one address, that address. {@code orrery.http.origins} (a
 * framework property, comma-separated origins such as {@code https://orrery.example.org}) adds
 * those of a reverse proxy.
 */
final class OriginPolicy {

    /** Framework property: further allowed origins, comma-separated. */
    static final String EXTRA_ORIGINS = "orrery.http.origins";
    static final String HOST_PROPERTY = "org.apache.felix.http.host";
    static final String PORT_PROPERTY = "org.osgi.service.http.port";

    private final Set<String> origins;

    OriginPolicy(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** The origins of a server configured with {@code host} and {@code port}, plus {@code extra}. */
    static OriginPolicy of(String host, int port, String extra) {
        Set<String> names = new LinkedHashSet<>();
        String configured = host == null || host.isBlank() ? "0.0.0.0" : host.trim();
        InetAddress address = address(configured);
        if (address == null || address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            names.addAll(Set.of("localhost", "127.0.0.1", "::1"));
        }
        if (address != null && address.isAnyLocalAddress()) {
            names.addAll(localNames());
        } else {
            names.add(configured);
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String name : names) {
            String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            String shown = bare.contains(":") ? "[" + bare + "]" : bare;
            origins.add(normalise("http://" + shown + ":" + port));
        }
        if (extra != null) {
            for (String origin : extra.split(",")) {
                String normal = normalise(origin.trim());
                if (normal != null) {
                    origins.add(normal);
                }
            }
        }
        origins.remove(null);
        return new OriginPolicy(origins);
    }

    /** The policy of the running server: its framework properties, as the launcher sets them. */
    static OriginPolicy of(BundleContext context) {
        int port;
        try {
            String text = context.getProperty(PORT_PROPERTY);
            port = text == null ? 8080 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            port = 8080;
        }
        return of(context.getProperty(HOST_PROPERTY), port, context.getProperty(EXTRA_ORIGINS));
    }

    /** True for the methods that only read (and are not checked against the origin). */
    static boolean reading(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /** Why a call from {@code origin} is refused. */
    String refusal(String origin) {
        return "Origin: a page from '" + (origin.length() > 100 ? origin.substring(0, 100) + "…" : origin)
                + "' may not call the Orrery API; expected one of " + new java.util.TreeSet<>(origins)
                + " or no Origin (a client that is not a browser)";
    }

    /** True for a request without {@code Origin} and for a page served by Orrery. */
    boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String normal = normalise(origin.trim());
        return normal != null && origins.contains(normal);
    }

    Set<String> origins() {
        return origins;
    }

    /** An origin as {@code scheme://host:port} in lower case with an explicit port; null when it is none. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    && !uri.getRawPath().equals("/") || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static InetAddress address(String host) {
        try {
            // a literal address or a name: resolved once, when the policy is made
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static Set<String> localNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // no host name: the interface addresses still count
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    names.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException | NullPointerException e) {
            // no interfaces listed: loopback names only
        }
        return names;
    }
}
