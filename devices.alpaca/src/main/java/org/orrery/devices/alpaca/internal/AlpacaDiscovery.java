package org.orrery.devices.alpaca.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Alpaca discovery (Alpaca API reference, "Alpaca Discovery", IPv4): sends the datagram
 * {@code alpacadiscovery1} to the discovery port of each target (the broadcast address and/or
 * given hosts), collects the {@code {"AlpacaPort": n}} replies for a while, then asks every server
 * found for {@code /management/v1/description} and {@code /management/v1/configureddevices}.
 * Everything it opens is closed before it returns.
 */
final class AlpacaDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaDiscovery.class);

    static final String MESSAGE = "alpacadiscovery1";
    static final int DEFAULT_PORT = 32227;

    /** One ASCOM device a server offers, with the configuration that would drive it here (null when not drivable). */
    record Found(String host, int port, String deviceName, String deviceType, int deviceNumber, String uniqueId) {

        /** The Orrery Alpaca type, or null for device types this driver does not drive (focuser, dome, …). */
        AlpacaType type() {
            return AlpacaType.ofAscom(deviceType);
        }

        /** Properties for a factory configuration of {@value AlpacaDeviceComponent#PID}, or an empty map. */
        Map<String, Object> configuration() {
            AlpacaType type = type();
            if (type == null) {
                return Map.of();
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("host", host);
            c.put("port", port);
            c.put("device.type", type.path());
            c.put("device.number", deviceNumber);
            c.put("device.id", DeviceSettings.defaultId(host, port, type, deviceNumber));
            c.put("name", deviceName);
            return c;
        }
    }

    /**
     * An Alpaca server that answered discovery.
     *
     * @param problem why its management API could not be read, or empty
     */
    record Server(String host, int port, String serverName, String manufacturer, String location, List<Found> devices,
            String problem) {
    }

    private AlpacaDiscovery() {
    }

    /**
     * Sends the discovery datagram to each target and returns the distinct servers that answered
     * within {@code wait} (address of the reply, AlpacaPort).
     */
    static List<InetSocketAddress> probe(List<String> targets, int discoveryPort, Duration wait) throws IOException {
        Set<InetSocketAddress> found = new LinkedHashSet<>();
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            int sent = 0;
            for (String target : targets) {
                try {
                    InetAddress address = InetAddress.getByName(target.trim());
                    socket.send(new DatagramPacket(message, message.length, address, discoveryPort));
                    sent++;
                } catch (UnknownHostException e) {
                    LOG.warn("Alpaca discovery: unknown host '{}' skipped", target);
                } catch (IOException e) {
                    LOG.warn("Alpaca discovery: could not send to {}:{}: {}", target, discoveryPort, e.getMessage());
                }
            }
            if (sent == 0) {
                return List.of();
            }
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buffer = new byte[1024];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(reply.getData(), reply.getOffset(), reply.getLength(), StandardCharsets.UTF_8);
                int port = alpacaPort(text);
                if (port > 0) {
                    found.add(new InetSocketAddress(reply.getAddress(), port));
                } else {
                    LOG.debug("Alpaca discovery: ignored reply '{}' from {}", AlpacaClient.abbreviate(text),
                            reply.getAddress());
                }
            }
        }
        return List.copyOf(found);
    }

    /** The AlpacaPort of a discovery reply, or -1 when the reply is not one. */
    static int alpacaPort(String reply) {
        try {
            JsonNode root = AlpacaClient.JSON.readTree(reply);
            JsonNode port = root == null || !root.isObject() ? null : AlpacaClient.field(root, "AlpacaPort");
            return port != null && port.canConvertToInt() && port.asInt() > 0 && port.asInt() <= 65535
                    ? port.asInt() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Probes, then reads each server's description and configured devices. */
    static List<Server> discover(List<String> targets, int discoveryPort, Duration wait, Duration timeout)
            throws IOException {
        List<Server> servers = new ArrayList<>();
        for (InetSocketAddress s : probe(targets, discoveryPort, wait)) {
            servers.add(describe(s.getAddress().getHostAddress(), s.getPort(), timeout));
        }
        return servers;
    }

    /** Reads one server's management API; a server that fails is returned with the problem. */
    static Server describe(String host, int port, Duration timeout) {
        try (AlpacaClient client = new AlpacaClient("alpaca-discovery", host, port, 1, timeout, timeout)) {
            String serverName = "";
            String manufacturer = "";
            String location = "";
            try {
                JsonNode d = client.management("/management/v1/description");
                serverName = text(d, "ServerName");
                manufacturer = text(d, "Manufacturer");
                location = text(d, "Location");
            } catch (AlpacaException e) {
                LOG.debug("Alpaca server {}:{} has no description: {}", host, port, e.getMessage());
            }
            List<Found> devices = new ArrayList<>();
            JsonNode list = client.management("/management/v1/configureddevices");
            if (list.isArray()) {
                for (JsonNode d : list) {
                    JsonNode number = AlpacaClient.field(d, "DeviceNumber");
                    devices.add(new Found(host, port, text(d, "DeviceName"), text(d, "DeviceType"),
                            number == null ? 0 : number.asInt(), text(d, "UniqueID")));
                }
            }
            return new Server(host, port, serverName, manufacturer, location, List.copyOf(devices), "");
        } catch (AlpacaException e) {
            return new Server(host, port, "", "", "", List.of(), e.getMessage());
        }
    }

    private static String text(JsonNode object, String name) {
        JsonNode v = object == null || !object.isObject() ? null : AlpacaClient.field(object, name);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
