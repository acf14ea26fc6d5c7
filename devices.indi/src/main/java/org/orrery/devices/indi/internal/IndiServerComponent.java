package org.orrery.devices.indi.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.orrery.device.Device;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One INDI server per factory configuration ({@value #PID}); each INDI device on it becomes an
 * Orrery device service.
 */
@Component(name = IndiServerComponent.PID, configurationPid = IndiServerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = IndiServerComponent.Config.class, factory = true)
public final class IndiServerComponent {

    static final String PID = "org.orrery.devices.indi.server";

    @ObjectClassDefinition(id = PID, name = "Orrery INDI server",
            description = "An INDI server whose devices (cameras, mounts, focusers, filter wheels) Orrery drives.")
    public @interface Config {

        @AttributeDefinition(name = "Host", description = "Host name or address of the INDI server.")
        String host() default "localhost";

        @AttributeDefinition(name = "Port", description = "TCP port of the INDI server.", min = "1", max = "65535")
        int port() default 7624;

        @AttributeDefinition(name = "Device id prefix", required = false,
                description = "Orrery device ids are this prefix plus the INDI device name in lower case with "
                        + "dashes: 'CCD Simulator' becomes 'indi-ccd-simulator'. Give each server its own prefix "
                        + "when two servers have devices of the same name.")
        String id_prefix() default "indi-";

        @AttributeDefinition(name = "Devices", required = false,
                description = "INDI device names to take (e.g. 'CCD Simulator'); empty: every camera, mount, "
                        + "focuser and filter wheel on the server.")
        String[] devices() default {};

        @AttributeDefinition(name = "Connect devices",
                description = "Switch CONNECTION on for every device taken, also after a driver restart.")
        boolean connect() default true;

        @AttributeDefinition(name = "Connect timeout (s)",
                description = "TCP connect timeout, and how long an operation waits for a device that is (re)connecting.")
        double connect_timeout() default 10;

        @AttributeDefinition(name = "Reconnect delay (s)",
                description = "First wait before reconnecting to a server that dropped or refused the connection; "
                        + "doubles on every failure.")
        double reconnect_delay() default 1;

        @AttributeDefinition(name = "Longest reconnect delay (s)")
        double reconnect_delay_max() default 30;

        @AttributeDefinition(name = "Removal grace (s)",
                description = "How long a device that left the server (its driver died or was stopped) stays "
                        + "registered, waiting for it to come back.")
        double removal_grace() default 15;

        @AttributeDefinition(name = "Setting timeout (s)",
                description = "How long a setting (binning, gain, tracking, ...) may take to be applied.")
        double setting_timeout() default 10;

        @AttributeDefinition(name = "Exposure readout timeout (s)",
                description = "How long after the exposure time the image may take to arrive.")
        double exposure_readout_timeout() default 60;

        @AttributeDefinition(name = "Slew timeout (s)")
        double slew_timeout() default 300;

        @AttributeDefinition(name = "Park timeout (s)")
        double park_timeout() default 300;

        @AttributeDefinition(name = "Focuser move timeout (s)")
        double focus_timeout() default 120;

        @AttributeDefinition(name = "Filter change timeout (s)")
        double filter_timeout() default 60;

        @AttributeDefinition(name = "Slew tolerance (degrees)",
                description = "How far from the target a finished slew may end before it counts as failed.")
        double slew_tolerance() default 0.1;

        String webconsole_configurationFactory_nameHint() default "INDI server {host}:{port}";
    }

    private final IndiServer server;

    @Activate
    public IndiServerComponent(BundleContext context, Config config) {
        this.server = new IndiServer(IndiSettings.from(config), new OsgiRegistrar(context));
        server.start();
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    /** Registers device services with the bundle's context. */
    private static final class OsgiRegistrar implements DeviceRegistrar {
        private final BundleContext context;

        OsgiRegistrar(BundleContext context) {
            this.context = context;
        }

        @Override
        public Registration register(Device device, List<String> interfaces, Map<String, Object> properties) {
            Dictionary<String, Object> props = new Hashtable<>(properties);
            ServiceRegistration<?> reg = context.registerService(interfaces.toArray(String[]::new), device, props);
            return reg::unregister;
        }
    }
}
