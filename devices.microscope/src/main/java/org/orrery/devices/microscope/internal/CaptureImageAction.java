package org.orrery.devices.microscope.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FrameType;
import org.orrery.device.Microscope;
import org.orrery.device.Stage;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.image.Exposures;
import org.orrery.devices.common.image.FitsHeaders;
import org.orrery.devices.common.image.FrameFacts;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code capture_image} (seed 001): one exposure with the microscope's camera, written as FITS
 * plus a PNG preview like {@code camera.expose}'s frames (the same writer), with the stage
 * position and focus in the headers.
 */
@Component(service = Action.class)
@ActionProperties(name = CaptureImageAction.NAME, safeToRerun = true)
public final class CaptureImageAction extends MicroscopeAction {

    public static final String NAME = "capture_image";
    public static final String EXPOSURE = "exposure";
    public static final String GAIN = "gain";
    public static final double DEFAULT_EXPOSURE_MS = 100;
    public static final double MAX_EXPOSURE_MS = 3_600_000;

    public static final Param<Double> EXPOSURE_PARAM = Param.number(EXPOSURE, "milliseconds",
            "Exposure time in milliseconds (seed 001: 100), within the camera's range.").range(0, MAX_EXPOSURE_MS)
            .orElse(DEFAULT_EXPOSURE_MS);
    public static final Param<Double> GAIN_PARAM = Param.number(GAIN, "",
            "Camera gain (seed 001: 1.5), within the camera's range; default: leave it as it is.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "One image from the microscope's camera, saved as FITS plus a PNG preview.", EXPOSURE_PARAM, GAIN_PARAM);

    @Activate
    public CaptureImageAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Captures one image with the microscope's camera and saves it as FITS plus a PNG preview.",
                PARAMETERS);
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        double ms = p.get(EXPOSURE_PARAM);
        Double gain = p.get(GAIN_PARAM);
        return microscope(context).thenCompose(m -> capture(context, p, m, ms, gain));
    }

    private CompletableFuture<Map<String, Object>> capture(ActionContext context, Parameters p, Microscope microscope,
            double ms, Double gain) {
        Camera camera = microscope.camera();
        String label = part("camera", microscope);
        ExposureSettings settings = new ExposureSettings(ms / 1000, FrameType.LIGHT, 1, 1, gain, null);
        CameraInfo info;
        try {
            info = camera.info();
            Exposures.check(p, label, info, settings, gain != null, false, EXPOSURE, 1000, "ms");
        } catch (TaskParameterException e) {
            return CompletableFuture.failedFuture(e);
        }
        String name = context.taskName();
        String object = name == null || name.isBlank() ? null : name.trim();
        Exposures.Request request = new Exposures.Request(settings, 1, object != null ? object : "capture");
        String microscopeId = instruments.idOf(microscope);
        return Exposures.take(context, instruments, camera, label, microscope, request,
                () -> observation(object, microscope, camera, info)).thenApply(frames -> {
                    Map<String, Object> frame = frames.get(0);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("microscope", microscopeId);
                    result.put("timestamp", frame.get("date_obs"));
                    result.put("image_data", frame.get("fits"));
                    result.put("exposure", ms);
                    if (gain != null) {
                        result.put("gain", gain);
                    }
                    result.putAll(frame);
                    result.remove("index");
                    result.put("paths_relative_to", "ORRERY_HOME");
                    result.put("files", FrameFacts.files(frames));
                    return result;
                });
    }

    private static FitsHeaders.Observation observation(String object, Microscope microscope, Camera camera,
            CameraInfo info) {
        List<FitsHeaders.Card> extra = new ArrayList<>();
        Stage stage = FrameFacts.read(microscope::stage);
        double[] at = stage == null ? null : FrameFacts.read(stage::position);
        if (at != null && at.length >= 3) {
            extra.add(new FitsHeaders.Card("STAGEX", at[0], "[um] stage x"));
            extra.add(new FitsHeaders.Card("STAGEY", at[1], "[um] stage y"));
            extra.add(new FitsHeaders.Card("STAGEZ", at[2], "[um] stage z"));
        }
        Integer focus = FrameFacts.read(() -> microscope.focus().position());
        return new FitsHeaders.Observation(object, FrameFacts.read(camera::name),
                FrameFacts.read(microscope::name), FrameFacts.finite(FrameFacts.read(camera::temperature)),
                FrameFacts.pixelSize(info), null, focus, null, null, null, null, extra);
    }

}
