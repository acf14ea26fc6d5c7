package org.orrery.devices.telescope.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Settings;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.devices.common.sky.Offsets;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mount.dither}: moves the mount to a random offset, uniform in a disc of {@code max_arcsec}
 * around where it pointed before its first dither (the sum of its offsets since the last slew or
 * sync is taken back first, so dithers do not walk away), and verifies the mount reports the new
 * offset. No guider is involved: the mount moves by {@link Mount#moveOffset}.
 */
@Component(service = Action.class)
@ActionProperties(name = MountDitherAction.NAME, safeToRerun = true)
public final class MountDitherAction extends DeviceAction<Mount> {

    public static final String NAME = "mount.dither";

    public static final Param<Double> MAX_PARAM = Param.number("max_arcsec", "arc seconds",
            "Radius of the disc the random offset is drawn from, in arc-seconds on the sky; default 30.")
            .above(0).atMost(600).orElse(30.0);
    public static final Param<Long> SEED_PARAM = Param.integer("seed", "",
            "Seed of the random offset, for repeatable runs; default: a different offset each time.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "How far to dither, and which mount.", MAX_PARAM, MountStateAction.MOUNT_PARAM, SEED_PARAM);

    /** How close the offset the mount reports must be to the one asked, arc-seconds. */
    static final double TOLERANCE_ARCSEC = 0.5;

    @Activate
    public MountDitherAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves a mount to a random offset of up to max_arcsec from its undithered pointing (a dither).",
                PARAMETERS, Mount.class, MountStateAction.MOUNT_PARAM, "mount");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        double max = p.get(MAX_PARAM);
        Long seed = p.get(SEED_PARAM);
        Random random = seed == null ? new Random() : new Random(seed);
        // uniform in the disc: the radius goes as the square root
        double r = max * Math.sqrt(random.nextDouble());
        double theta = 2 * Math.PI * random.nextDouble();
        double x = round(r * Math.cos(theta));
        double y = round(r * Math.sin(theta));
        return device(context, p).thenCompose(mount -> dither(context, mount, x, y));
    }

    private CompletableFuture<Map<String, Object>> dither(ActionContext context, Mount mount, double x, double y) {
        String label = label(mount);
        if (mount.parked()) {
            return CompletableFuture.failedFuture(MountSlew.parked(label, "dither"));
        }
        double dx = round(x - offset(mount, Offsets.OFFSET_RA));
        double dy = round(y - offset(mount, Offsets.OFFSET_DEC));
        Settings s = instruments.settings();
        Duration timeout = s.slewMargin().plus(
                Duration.ofNanos(Math.round(Math.hypot(dx, dy) / 3600 / s.slewRateDegreesPerSecond() * 1e9)));
        String move = "RA " + Texts.number(dx, 2) + "\u2033, Dec " + Texts.number(dy, 2) + "\u2033";
        context.progress(0, "dithering " + label + " by " + move);
        return Waits.operation(context, instruments, mount, label + " offset move by " + move, timeout,
                () -> label + " did not finish the offset move by " + move + " within " + Texts.seconds(timeout)
                        + "; the move was aborted",
                mount::abort, () -> mount.moveOffset(dx, dy))
                .thenCompose(v -> Waits.verify(context, s.settle(),
                        () -> Math.abs(offset(mount, Offsets.OFFSET_RA) - x) <= TOLERANCE_ARCSEC
                                && Math.abs(offset(mount, Offsets.OFFSET_DEC) - y) <= TOLERANCE_ARCSEC,
                        () -> label + " reported the offset move done but its offset is RA "
                                + Texts.number(offset(mount, Offsets.OFFSET_RA), 2) + "\u2033, Dec "
                                + Texts.number(offset(mount, Offsets.OFFSET_DEC), 2) + "\u2033; expected RA "
                                + Texts.number(x, 2) + "\u2033, Dec " + Texts.number(y, 2) + "\u2033"))
                .thenApply(v -> {
                    context.progress(1, label + " dithered to RA " + Texts.number(x, 2) + "\u2033, Dec "
                            + Texts.number(y, 2) + "\u2033 from its undithered pointing");
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("mount", instruments.idOf(mount));
                    result.put("ra_offset_arcsec", dx);
                    result.put("dec_offset_arcsec", dy);
                    result.put("total_ra_offset_arcsec", x);
                    result.put("total_dec_offset_arcsec", y);
                    return result;
                });
    }

    /** The mount's offset value (arc-seconds), 0 when it does not report one. */
    static double offset(Mount mount, String key) {
        Object v;
        try {
            v = mount.values().get(key);
        } catch (RuntimeException e) {
            return 0;
        }
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    private static double round(double arcsec) {
        return Math.round(arcsec * 100) / 100.0;
    }
}
