package org.orrery.devices.alpaca.internal;

import java.util.Hashtable;

import org.orrery.device.Device;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured Alpaca device (factory PID {@value #PID}). Whether it is a camera, a telescope or a
 * safety monitor is configuration, so the component registers the device itself, under {@code Camera},
 * {@code Mount} or {@code SafetyMonitor} and {@code Device}, with {@code device.id}, {@code device.type} and
 * {@code device.driver=alpaca}; deactivation unregisters it, fails its pending operations with
 * {@code DeviceRemovedException} and stops its threads. A changed configuration re-creates it.
 */
@Component(configurationPid = AlpacaDeviceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = AlpacaDeviceComponent.Config.class, factory = true)
public final class AlpacaDeviceComponent {

    static final String PID = "org.orrery.devices.alpaca.device";

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaDeviceComponent.class);

    @ObjectClassDefinition(name = "Orrery ASCOM Alpaca device",
            description = "A camera, telescope or safety monitor on an ASCOM Alpaca server (one configuration per device)."
                    + " The Alpaca discovery component (alpaca:discover) lists the devices on the network.")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Host name or address of the Alpaca server (property host).")
        String host() default "localhost";

        @AttributeDefinition(name = "Port", min = "1", max = "65535",
                description = "The server's Alpaca port, as its discovery reply says (property port).")
        int port() default 11111;

        @AttributeDefinition(name = "Device type", options = {@Option(label = "Camera", value = "camera"),
                @Option(label = "Telescope (mount)", value = "telescope"),
                @Option(label = "Safety monitor", value = "safetymonitor")},
                description = "Alpaca device type (property device.type): camera, telescope or safetymonitor.")
        String device_type() default "camera";

        @AttributeDefinition(name = "Device number", min = "0",
                description = "Alpaca device number on that server, from 0 per type (property device.number).")
        int device_number() default 0;

        @AttributeDefinition(name = "Device id", required = false,
                description = "Orrery device id (property device.id); empty: alpaca-<host>-<port>-<type><number>."
                        + " Letters, digits, '.', '_' and '-'.")
        String device_id() default "";

        @AttributeDefinition(name = "Name", required = false,
                description = "A name for people (property name); empty: the name the device reports.")
        String name() default "";

        @AttributeDefinition(name = "Client id", min = "0", max = "4294967295",
                description = "Alpaca ClientID sent on every call (property client.id); 0: a random one per start.")
        long client_id() default 0;

        @AttributeDefinition(name = "Poll interval (ms)", min = "50",
                description = "How often the device's state is read and a lost connection retried (property poll.interval.ms).")
        long poll_interval_ms() default 2000;

        @AttributeDefinition(name = "Operation poll (ms)", min = "10",
                description = "How often imageready, slewing and atpark are read while an operation runs"
                        + " (property operation.poll.ms).")
        long operation_poll_ms() default 250;

        @AttributeDefinition(name = "Connect timeout (ms)", min = "1",
                description = "Time to open a connection to the server (property connect.timeout.ms).")
        long connect_timeout_ms() default 3000;

        @AttributeDefinition(name = "Request timeout (ms)", min = "1",
                description = "Time for the answer to one call (property request.timeout.ms).")
        long request_timeout_ms() default 10000;

        @AttributeDefinition(name = "Image download timeout (s)", min = "1",
                description = "Time for the answer to imagearray (property image.timeout.s).")
        long image_timeout_s() default 120;

        @AttributeDefinition(name = "Readout timeout (s)", min = "1",
                description = "How long after the exposure time the camera may take to report imageready"
                        + " (property readout.timeout.s).")
        long readout_timeout_s() default 60;

        @AttributeDefinition(name = "Slew timeout (s)", min = "1",
                description = "Longest slew, park or unpark (property slew.timeout.s).")
        long slew_timeout_s() default 300;

        @AttributeDefinition(name = "Use ImageBytes",
                description = "Ask for images in the binary ImageBytes form (property imagebytes); servers without it"
                        + " answer JSON, which is read as well.")
        boolean imagebytes() default true;

        String webconsole_configurationFactory_nameHint() default "{device.type} {device.number} at {host}:{port} {device.id}";
    }

    private final AlpacaDeviceBase device;
    private final ServiceRegistration<?> registration;

    @Activate
    public AlpacaDeviceComponent(BundleContext context, Config config) {
        DeviceSettings settings = DeviceSettings.from(config);
        device = create(settings);
        device.start();
        try {
            registration = context.registerService(
                    new String[] {settings.type().deviceType().contract().getName(), Device.class.getName()}, device,
                    properties(settings));
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        LOG.info("Alpaca {} '{}' configured at {} ({})", settings.type().deviceType().id(), settings.id(),
                settings.host() + ":" + settings.port(), settings.path());
    }

    static AlpacaDeviceBase create(DeviceSettings settings) {
        return switch (settings.type()) {
            case CAMERA -> new AlpacaCamera(settings);
            case TELESCOPE -> new AlpacaTelescope(settings);
            case SAFETY_MONITOR -> new AlpacaSafetyMonitor(settings);
        };
    }

    static Hashtable<String, Object> properties(DeviceSettings settings) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(Device.ID, settings.id());
        p.put(Device.TYPE, settings.type().deviceType().id());
        p.put(Device.DRIVER, "alpaca");
        p.put("alpaca.host", settings.host());
        p.put("alpaca.port", settings.port());
        p.put("alpaca.device.type", settings.type().path());
        p.put("alpaca.device.number", settings.deviceNumber());
        p.put(Constants.SERVICE_DESCRIPTION, "ASCOM Alpaca " + settings.type().path() + " " + settings.deviceNumber()
                + " at " + settings.host() + ":" + settings.port());
        return p;
    }

    /** The device (for tests). */
    AlpacaDeviceBase device() {
        return device;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it already
        }
        device.close();
        LOG.info("Alpaca device '{}' removed", device.id());
    }
}
