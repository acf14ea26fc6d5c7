package org.orrery.devices.camera.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.FrameType;
import org.orrery.devices.common.action.InstrumentAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.image.Exposures;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code autofocus}: steps the focuser through a V-curve around where it stands, takes a frame
 * at each position, measures its HFR from the stars, fits the curve, moves to the minimum and
 * takes a check frame ({@link AutofocusRun}). Claims the camera and the focuser (and the wheel,
 * when a filter is asked) exclusively. Safe to re-run: an attempt starts over, around the start
 * position the first attempt saved in the checkpoint.
 */
@Component(service = Action.class)
@ActionProperties(name = AutofocusAction.NAME, safeToRerun = true)
public final class AutofocusAction extends InstrumentAction {

    public static final String NAME = "autofocus";
    public static final String STEP_SIZE = "step_size";
    public static final String STEPS = "steps";
    public static final String METHOD = "method";
    public static final String BACKLASH = "backlash";
    public static final String SAVE_FRAMES = "save_frames";
    static final String START_POSITION = "start_position";

    public static final Param<Double> EXPOSURE_PARAM = Param.number(CameraExposeAction.EXPOSURE, "seconds",
            "Exposure time of each frame in seconds; within the camera's range.").range(0, 3600).orElse(2.0);
    public static final Param<Long> BINNING_PARAM = Param.integer(CameraExposeAction.BINNING, "",
            "Binning factor of the frames, the same on both axes.").range(1, 16).orElse(1L);
    public static final Param<Double> GAIN_PARAM = Param.number(CameraExposeAction.GAIN, "",
            "Gain to set first, within the camera's range; default: leave it as it is.");
    public static final Param<Long> STEP_SIZE_PARAM = Param.integer(STEP_SIZE, "steps",
            "Focuser steps between two points of the curve.").range(1, 1_000_000).orElse(100L);
    public static final Param<Long> STEPS_PARAM = Param.integer(STEPS, "points",
            "Points on each side of the start position (the curve has 2 × steps + 1 points).").range(2, 50).orElse(4L);
    public static final Param<String> METHOD_PARAM = Param.string(METHOD,
            "Curve fitted to the HFRs: hyperbola (a star's size against defocus) or parabola.")
            .oneOf(FocusCurve.HYPERBOLA, FocusCurve.PARABOLA).orElse(FocusCurve.HYPERBOLA);
    public static final Param<Long> BACKLASH_PARAM = Param.integer(BACKLASH, "steps",
            "Overshoot: every point and the best position are approached from below, moving this many steps"
                    + " further down first; default 0 (no overshoot).").range(0, 1_000_000).orElse(0L);
    public static final Param<Boolean> SAVE_FRAMES_PARAM = Param.bool(SAVE_FRAMES,
            "Write each frame as FITS + PNG like camera.expose; default false (frames are measured, not kept).")
            .orElse(false);
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "Finds the best focus: a V-curve of HFR against focuser position, fitted, then a check frame there.",
            EXPOSURE_PARAM, BINNING_PARAM, GAIN_PARAM, CameraExposeAction.FILTER_PARAM, STEP_SIZE_PARAM, STEPS_PARAM,
            METHOD_PARAM, BACKLASH_PARAM, SAVE_FRAMES_PARAM, CameraExposeAction.CAMERA_PARAM,
            CameraExposeAction.FOCUSER_PARAM, CameraExposeAction.FILTER_WHEEL_PARAM);

    /** The parameters, checked. */
    record Request(double seconds, int binning, Double gain, Object filter, int stepSize, int steps, String method,
            int backlash, boolean saveFrames, String camera, String focuser, String filterWheel) {

        static Request parse(Parameters p) {
            return new Request(p.get(EXPOSURE_PARAM), p.get(BINNING_PARAM).intValue(), p.get(GAIN_PARAM),
                    p.get(CameraExposeAction.FILTER_PARAM), p.get(STEP_SIZE_PARAM).intValue(),
                    p.get(STEPS_PARAM).intValue(), p.get(METHOD_PARAM), p.get(BACKLASH_PARAM).intValue(),
                    p.get(SAVE_FRAMES_PARAM), p.get(CameraExposeAction.CAMERA_PARAM),
                    p.get(CameraExposeAction.FOCUSER_PARAM), p.get(CameraExposeAction.FILTER_WHEEL_PARAM));
        }

        ExposureSettings settings() {
            return new ExposureSettings(seconds, FrameType.LIGHT, binning, binning, gain, null);
        }
    }

    @Activate
    public AutofocusAction(@Reference Instruments instruments) {
        super(instruments, NAME, "Finds the best focus from a fitted V-curve of star HFRs and moves the focuser there.",
                PARAMETERS);
    }

    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        List<ResourceClaim> claims = new ArrayList<>();
        claims.add(claim(parameters, CameraExposeAction.CAMERA, Camera.class, "camera", true));
        claims.add(claim(parameters, CameraExposeAction.FOCUSER, Focuser.class, "focuser", true));
        if (parameters != null && parameters.get(CameraExposeAction.FILTER) != null) {
            claims.add(claim(parameters, CameraExposeAction.FILTER_WHEEL, FilterWheel.class, "filter_wheel", true));
        }
        return claims;
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        Request r = Request.parse(p);
        boolean wheelNeeded = r.filter() != null || r.filterWheel() != null;
        return instruments.await(context, Camera.class, "camera", r.camera())
                .thenCompose(camera -> instruments.await(context, Focuser.class, "focuser", r.focuser())
                        .thenCompose(focuser -> (wheelNeeded
                                ? instruments.await(context, FilterWheel.class, "filter wheel", r.filterWheel())
                                : CompletableFuture.<FilterWheel>completedFuture(null))
                                .thenCompose(wheel -> start(context, p, r, camera, focuser, wheel))));
    }

    private CompletableFuture<Map<String, Object>> start(ActionContext context, Parameters p, Request r, Camera camera,
            Focuser focuser, FilterWheel namedWheel) {
        FilterWheel wheel = namedWheel != null ? namedWheel : instruments.first(FilterWheel.class);
        String cameraLabel = label("camera", instruments.idOf(camera));
        String focuserLabel = label("focuser", instruments.idOf(focuser));
        String wheelLabel = wheel == null ? null : label("filter wheel", instruments.idOf(wheel));
        CameraInfo info;
        int slot;
        int start;
        try {
            info = camera.info();
            Exposures.check(p, cameraLabel, info, r.settings(), r.gain() != null, false,
                    CameraExposeAction.EXPOSURE, 1, "seconds");
            slot = r.filter() == null ? 0 : Moves.slotOf(p, CameraExposeAction.FILTER, r.filter(), wheel, wheelLabel);
            start = startPosition(context, focuser);
            AutofocusRun.checkTravel(p, focuserLabel, focuser.maxPosition(), start, r);
        } catch (TaskException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Integer> filterInPlace = slot == 0 ? CompletableFuture.completedFuture(0)
                : Moves.filter(context, instruments, wheel, wheelLabel, slot);
        AutofocusRun run = new AutofocusRun(context, instruments, p, r, camera, cameraLabel, info, focuser,
                focuserLabel, wheel);
        return filterInPlace.thenCompose(s -> run.start(start)).thenApply(result -> {
            if (slot > 0) {
                result.put(CameraExposeAction.FILTER, Moves.nameOf(wheel, slot) != null ? Moves.nameOf(wheel, slot) : slot);
            }
            return result;
        });
    }

    /** The start position of the first attempt (from the checkpoint), else the focuser's position, saved. */
    private static int startPosition(ActionContext context, Focuser focuser) throws TaskException {
        Map<String, Object> saved = context.checkpoint();
        if (saved != null && saved.get(START_POSITION) instanceof Number n) {
            context.log().info("starting over around " + n + ", the start position of the first attempt");
            return n.intValue();
        }
        int start = focuser.position();
        context.checkpoint(Map.of(START_POSITION, start));
        return start;
    }
}
