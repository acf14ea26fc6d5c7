package org.orrery.devices.indi.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One INDI server's configuration, checked: what {@link IndiServerComponent.Config} says, as values.
 *
 * @param devices the INDI device names to take; empty means every device on the server
 * @param connect whether to switch CONNECTION on for every device taken
 */
record IndiSettings(String host, int port, String idPrefix, Set<String> devices, boolean connect,
        Duration connectTimeout, Duration reconnectDelay, Duration reconnectDelayMax, Duration removalGrace,
        Duration settingTimeout, Duration exposureReadoutTimeout, Duration slewTimeout, Duration parkTimeout,
        Duration focusTimeout, Duration filterTimeout, double slewToleranceDegrees) {

    IndiSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        idPrefix = idPrefix == null ? "" : idPrefix.trim();
        if (!idPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("id.prefix may hold only letters, digits, '.', '_' and '-', was '"
                    + idPrefix + "'");
        }
        devices = Set.copyOf(devices);
        if (!(slewToleranceDegrees > 0)) {
            throw new IllegalArgumentException("slew.tolerance must be more than 0 degrees, was " + slewToleranceDegrees);
        }
    }

    /** Defaults for a server, as the metatype declares them. */
    static IndiSettings defaults(String host, int port) {
        return new IndiSettings(host, port, "indi-", Set.of(), true, Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(120), Duration.ofSeconds(60), 0.1);
    }

    static IndiSettings from(IndiServerComponent.Config c) {
        Set<String> devices = new LinkedHashSet<>();
        if (c.devices() != null) {
            Arrays.stream(c.devices()).filter(d -> d != null && !d.isBlank()).map(String::trim).forEach(devices::add);
        }
        return new IndiSettings(c.host().trim(), c.port(), c.id_prefix(), devices, c.connect(),
                seconds(c.connect_timeout(), "connect.timeout"), seconds(c.reconnect_delay(), "reconnect.delay"),
                seconds(c.reconnect_delay_max(), "reconnect.delay.max"), seconds(c.removal_grace(), "removal.grace"),
                seconds(c.setting_timeout(), "setting.timeout"),
                seconds(c.exposure_readout_timeout(), "exposure.readout.timeout"),
                seconds(c.slew_timeout(), "slew.timeout"), seconds(c.park_timeout(), "park.timeout"),
                seconds(c.focus_timeout(), "focus.timeout"), seconds(c.filter_timeout(), "filter.timeout"),
                c.slew_tolerance());
    }

    static Duration seconds(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be more than 0 seconds, was " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }

    String address() {
        return host + ":" + port;
    }

    IndiSettings withIdPrefix(String prefix) {
        return new IndiSettings(host, port, prefix, devices, connect, connectTimeout, reconnectDelay,
                reconnectDelayMax, removalGrace, settingTimeout, exposureReadoutTimeout, slewTimeout, parkTimeout,
                focusTimeout, filterTimeout, slewToleranceDegrees);
    }

    IndiSettings withReconnect(Duration delay, Duration max) {
        return new IndiSettings(host, port, idPrefix, devices, connect, connectTimeout, delay, max, removalGrace,
                settingTimeout, exposureReadoutTimeout, slewTimeout, parkTimeout, focusTimeout, filterTimeout,
                slewToleranceDegrees);
    }

    IndiSettings withConnectTimeout(Duration timeout) {
        return new IndiSettings(host, port, idPrefix, devices, connect, timeout, reconnectDelay, reconnectDelayMax,
                removalGrace, settingTimeout, exposureReadoutTimeout, slewTimeout, parkTimeout, focusTimeout,
                filterTimeout, slewToleranceDegrees);
    }

    IndiSettings withDevices(Set<String> names, boolean connectThem) {
        return new IndiSettings(host, port, idPrefix, names, connectThem, connectTimeout, reconnectDelay,
                reconnectDelayMax, removalGrace, settingTimeout, exposureReadoutTimeout, slewTimeout, parkTimeout,
                focusTimeout, filterTimeout, slewToleranceDegrees);
    }

    /** The Orrery device id of an INDI device: prefix + slug ("CCD Simulator" → "indi-ccd-simulator"). */
    String deviceId(String indiName) {
        String slug = indiName.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            slug = "device";
        }
        return idPrefix + slug;
    }
}
