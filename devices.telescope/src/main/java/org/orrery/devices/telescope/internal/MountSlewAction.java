package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mount.slew}: slews to RA/Dec (JNow) and verifies that the mount is within the
 * tolerance of the target and tracking. Refuses to slew a parked mount.
 */
@Component(service = Action.class)
@ActionProperties(name = MountSlewAction.NAME, safeToRerun = true)
public final class MountSlewAction extends DeviceAction<Mount> {

    public static final String NAME = "mount.slew";
    public static final String RA = "ra";
    public static final String DEC = "dec";
    public static final String TOLERANCE = "tolerance_arcmin";
    public static final String MOUNT = "mount";

    public static final Param<Double> RA_PARAM = Param.number(RA, "hours", "Right ascension in hours, 0 to under 24.")
            .atLeast(0).below(24).required();
    public static final Param<Double> DEC_PARAM = Param.number(DEC, "degrees", "Declination in degrees, -90 to 90.")
            .range(-90, 90).required();
    public static final Param<Double> TOLERANCE_PARAM = Param.number(TOLERANCE, "arc minutes",
            "How far from the target the mount may end, in arc minutes; default: the configured slew tolerance (1).")
            .above(0).atMost(600);
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "Where to point (equatorial coordinates of the date, JNow).", RA_PARAM, DEC_PARAM, TOLERANCE_PARAM,
            MountStateAction.MOUNT_PARAM);

    @Activate
    public MountSlewAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Slews a mount to RA/Dec and verifies it arrived within the tolerance and is tracking.",
                PARAMETERS, Mount.class, MountStateAction.MOUNT_PARAM, "mount");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        double ra = p.get(RA_PARAM);
        double dec = p.get(DEC_PARAM);
        Double tolerance = p.get(TOLERANCE_PARAM);
        double toleranceArcmin = tolerance != null ? tolerance : instruments.settings().slewToleranceArcmin();
        return device(context, p).thenCompose(mount -> slew(context, mount, ra, dec, toleranceArcmin));
    }

    private CompletableFuture<Map<String, Object>> slew(ActionContext context, Mount mount, double ra, double dec,
            double toleranceArcmin) {
        String mountId = instruments.idOf(mount);
        String label = label(mount);
        return MountSlew.slew(context, instruments, mount, label, ra, dec, toleranceArcmin)
                .thenApply(v -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("mount", mountId);
                    result.put("ra", mount.rightAscension());
                    result.put("dec", mount.declination());
                    result.put("target_ra", ra);
                    result.put("target_dec", dec);
                    result.put("error_arcmin", Math.round(MountSlew.off(mount, ra, dec) * 60 * 1000) / 1000.0);
                    result.put("tracking", mount.tracking());
                    return result;
                });
    }
}
