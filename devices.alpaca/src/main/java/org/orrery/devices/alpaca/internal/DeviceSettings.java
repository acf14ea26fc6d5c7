package org.orrery.devices.alpaca.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One configured Alpaca device, checked: where it is ({@code host:port}, type, number), what Orrery
 * calls it, and the timing of the driver.
 *
 * @param clientId the Alpaca ClientID sent on every call (1 to 4294967295)
 * @param pollInterval how often the device's state is read (and a lost connection retried)
 * @param operationPoll how often imageready / slewing / atpark are read while an operation runs
 * @param readoutTimeout how long after the exposure time imageready may take
 * @param imageBytes whether to ask for the binary ImageBytes form of images
 */
record DeviceSettings(String id, String name, String host, int port, AlpacaType type, int deviceNumber, long clientId,
        Duration pollInterval, Duration operationPoll, Duration connectTimeout, Duration requestTimeout,
        Duration imageTimeout, Duration readoutTimeout, Duration slewTimeout, boolean imageBytes) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    DeviceSettings {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("device id '" + id
                    + "' is not usable: expected letters, digits, '.', '_' and '-' only");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Alpaca port must be 1 to 65535, was " + port);
        }
        if (deviceNumber < 0) {
            throw new IllegalArgumentException("Alpaca device number must be 0 or more, was " + deviceNumber);
        }
        if (clientId < 1 || clientId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Alpaca ClientID must be 1 to 4294967295, was " + clientId);
        }
        for (Duration d : new Duration[] {pollInterval, operationPoll, connectTimeout, requestTimeout, imageTimeout,
                readoutTimeout, slewTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals and timeouts must be positive, got " + d);
            }
        }
    }

    /** The Alpaca path of the device: {@code camera/0}. */
    String path() {
        return type.path() + "/" + deviceNumber;
    }

    /** The id a device gets when none is configured: {@code alpaca-<host>-<port>-<type><number>}. */
    static String defaultId(String host, int port, AlpacaType type, int number) {
        String h = host.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return "alpaca-" + h + "-" + port + "-" + type.path() + number;
    }

    static DeviceSettings from(AlpacaDeviceComponent.Config c) {
        AlpacaType type = AlpacaType.parse(c.device_type());
        String host = c.host() == null ? "" : c.host().trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("an Alpaca device needs the host of its server (property host)");
        }
        String id = c.device_id() == null || c.device_id().isBlank()
                ? defaultId(host, c.port(), type, c.device_number())
                : c.device_id().trim();
        long clientId = c.client_id() <= 0 ? ThreadLocalRandom.current().nextInt(1, 65536) : c.client_id();
        return new DeviceSettings(id, c.name() == null ? "" : c.name().trim(), host, c.port(), type,
                c.device_number(), clientId, Duration.ofMillis(c.poll_interval_ms()),
                Duration.ofMillis(c.operation_poll_ms()), Duration.ofMillis(c.connect_timeout_ms()),
                Duration.ofMillis(c.request_timeout_ms()), Duration.ofSeconds(c.image_timeout_s()),
                Duration.ofSeconds(c.readout_timeout_s()), Duration.ofSeconds(c.slew_timeout_s()), c.imagebytes());
    }
}
