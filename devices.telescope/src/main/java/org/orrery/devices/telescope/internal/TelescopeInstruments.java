package org.orrery.devices.telescope.internal;

import org.orrery.devices.common.action.Instruments;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The devices, settings and worker threads of this bundle's actions, configured by {@value #PID}
 * (the launcher moves an old {@code org.orrery.devices.actions.cfg} there); references, changes and
 * deactivation are inherited from {@link Instruments}.
 */
@Component(service = Instruments.class, configurationPid = TelescopeInstruments.PID)
@Designate(ocd = Instruments.Config.class)
public final class TelescopeInstruments extends Instruments {

    static final String PID = "org.orrery.devices.telescope";

    @Activate
    public TelescopeInstruments(BundleContext context, Config config) {
        super(context, config, "telescope");
    }
}
