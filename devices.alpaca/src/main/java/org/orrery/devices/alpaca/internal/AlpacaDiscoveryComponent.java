package org.orrery.devices.alpaca.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca discovery on demand (PID {@value #PID}): the shell command {@code alpaca:discover} (when
 * a Gogo shell is installed) or {@link #discover()} sends the discovery datagram, reads the
 * configured devices of every server that answers, logs them and returns them with the
 * configuration each would need. Nothing is sent unless asked, or unless {@code scan.on.activate}
 * or {@code scan.interval.s} is set.
 */
@Component(configurationPid = AlpacaDiscoveryComponent.PID, immediate = true,
        service = AlpacaDiscoveryComponent.class,
        property = {"osgi.command.scope=alpaca", "osgi.command.function=discover"})
@Designate(ocd = AlpacaDiscoveryComponent.Config.class)
public final class AlpacaDiscoveryComponent {

    static final String PID = "org.orrery.devices.alpaca.discovery";

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaDiscoveryComponent.class);

    @ObjectClassDefinition(name = "Orrery ASCOM Alpaca discovery",
            description = "Finds Alpaca servers (UDP alpacadiscovery1) and lists their cameras, telescopes and safety monitors."
                    + " Shell: alpaca:discover.")
    public @interface Config {
        @AttributeDefinition(name = "Discovery port", min = "1", max = "65535",
                description = "UDP port Alpaca servers listen on for discovery (property discovery.port).")
        int discovery_port() default AlpacaDiscovery.DEFAULT_PORT;

        @AttributeDefinition(name = "Addresses",
                description = "Where the discovery datagram goes: broadcast addresses and/or hosts (property addresses).")
        String[] addresses() default {"255.255.255.255"};

        @AttributeDefinition(name = "Wait (ms)", min = "50",
                description = "How long replies are collected (property wait.ms).")
        long wait_ms() default 1000;

        @AttributeDefinition(name = "HTTP timeout (ms)", min = "50",
                description = "Timeout of the management calls to each server found (property timeout.ms).")
        long timeout_ms() default 3000;

        @AttributeDefinition(name = "Scan on activation",
                description = "Discover once when the component starts and log the result (property scan.on.activate).")
        boolean scan_on_activate() default false;

        @AttributeDefinition(name = "Scan interval (s)", min = "0",
                description = "Discover again every this many seconds and log new servers; 0: only on demand"
                        + " (property scan.interval.s).")
        long scan_interval_s() default 0;
    }

    private final Config config;
    private final ScheduledExecutorService scanner;
    private volatile List<AlpacaDiscovery.Server> last = List.of();

    @Activate
    public AlpacaDiscoveryComponent(Config config) {
        this.config = config;
        if (config.scan_on_activate() || config.scan_interval_s() > 0) {
            scanner = Executors.newSingleThreadScheduledExecutor(AlpacaClient.daemonThreads("orrery-alpaca-discovery"));
            if (config.scan_on_activate()) {
                scanner.execute(this::scanQuietly);
            }
            if (config.scan_interval_s() > 0) {
                scanner.scheduleWithFixedDelay(this::scanQuietly, config.scan_interval_s(), config.scan_interval_s(),
                        TimeUnit.SECONDS);
            }
        } else {
            scanner = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdownNow();
            try {
                scanner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Alpaca discovery failed: {}", e.getMessage());
        }
    }

    /** Discovers now: the servers that answered, with their devices; also logged at info. */
    public List<AlpacaDiscovery.Server> scan() throws IOException {
        List<String> targets = Arrays.stream(config.addresses()).filter(a -> a != null && !a.isBlank()).toList();
        List<AlpacaDiscovery.Server> servers = AlpacaDiscovery.discover(targets, config.discovery_port(),
                Duration.ofMillis(config.wait_ms()), Duration.ofMillis(config.timeout_ms()));
        last = servers;
        if (servers.isEmpty()) {
            LOG.info("Alpaca discovery: no server answered on port {} of {}", config.discovery_port(), targets);
        }
        for (String line : report(servers).split("\n")) {
            if (!line.isBlank()) {
                LOG.info("Alpaca discovery: {}", line);
            }
        }
        return servers;
    }

    /** The result of the last scan. */
    public List<AlpacaDiscovery.Server> lastResult() {
        return last;
    }

    /** Shell command {@code alpaca:discover}: discovers and prints what it found, with a configuration per device. */
    public String discover() throws IOException {
        List<AlpacaDiscovery.Server> servers = scan();
        return servers.isEmpty() ? "no Alpaca server answered on UDP port " + config.discovery_port() + " of "
                + Arrays.toString(config.addresses()) : report(servers);
    }

    static String report(List<AlpacaDiscovery.Server> servers) {
        StringBuilder b = new StringBuilder();
        for (AlpacaDiscovery.Server s : servers) {
            b.append("server ").append(s.host()).append(':').append(s.port());
            if (!s.serverName().isEmpty()) {
                b.append(" \"").append(s.serverName()).append('"');
            }
            if (!s.manufacturer().isEmpty()) {
                b.append(" by ").append(s.manufacturer());
            }
            if (!s.problem().isEmpty()) {
                b.append(": ").append(s.problem());
            }
            b.append('\n');
            for (AlpacaDiscovery.Found d : s.devices()) {
                b.append("  ").append(d.deviceType()).append(' ').append(d.deviceNumber()).append(" \"")
                        .append(d.deviceName()).append("\" UniqueID ").append(d.uniqueId());
                Map<String, Object> c = d.configuration();
                if (c.isEmpty()) {
                    b.append(" (not driven by Orrery's Alpaca driver)");
                } else {
                    b.append("\n    configure ").append(AlpacaDeviceComponent.PID).append(": ").append(c.entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
