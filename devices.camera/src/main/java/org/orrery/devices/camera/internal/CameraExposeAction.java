package org.orrery.devices.camera.internal;

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
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.FrameType;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.FrameDestination;
import org.orrery.devices.common.action.InstrumentAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.image.Exposures;
import org.orrery.devices.common.image.FitsHeaders;
import org.orrery.devices.common.image.FrameFacts;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code camera.expose}: takes {@code count} frames and writes each as a FITS file with the
 * standard headers (pointing, focus and filter read from the other devices at the exposure
 * start) and a stretched PNG preview; optionally turns a filter wheel first.
 */
@Component(service = Action.class)
@ActionProperties(name = CameraExposeAction.NAME, safeToRerun = true)
public final class CameraExposeAction extends InstrumentAction {

    public static final String NAME = "camera.expose";
    public static final String EXPOSURE = "exposure";
    public static final String FRAME_TYPE = "frame_type";
    public static final String BINNING = "binning";
    public static final String GAIN = "gain";
    public static final String OFFSET = "offset";
    public static final String FILTER = "filter";
    public static final String COUNT = "count";
    public static final String OBJECT = "object";
    public static final String CAMERA = "camera";
    public static final String MOUNT = "mount";
    public static final String FOCUSER = "focuser";
    public static final String FILTER_WHEEL = "filter_wheel";
    public static final String FRAME_STORE = "frame_store";
    public static final String FRAME_COMPRESSION = "frame_compression";
    public static final String FRAME_ENCRYPT = "frame_encrypt";
    public static final int MAX_COUNT = 10_000;
    public static final double MAX_SECONDS = 86_400;

    public static final Param<Double> EXPOSURE_PARAM = Param.number(EXPOSURE, "seconds",
            "Exposure time in seconds (fractions allowed); within the camera's range.").range(0, MAX_SECONDS).required();
    public static final Param<String> FRAME_TYPE_PARAM = Param.string(FRAME_TYPE, "What the frames are for (FITS IMAGETYP).")
            .oneOf("light", "dark", "flat", "bias").orElse("light");
    public static final Param<Long> BINNING_PARAM = Param.integer(BINNING, "",
            "Binning factor, the same on both axes; at most the camera's maximum.").range(1, 16).orElse(1L);
    public static final Param<Double> GAIN_PARAM = Param.number(GAIN, "",
            "Gain to set first, within the camera's range; default: leave it as it is.");
    public static final Param<Long> OFFSET_PARAM = Param.integer(OFFSET, "",
            "Offset to set first, within the camera's range; default: leave it as it is.").range(0, Integer.MAX_VALUE);
    public static final Param<Object> FILTER_PARAM = Param.nameOrNumber(FILTER, 68,
            "a filter name or a slot number from 1",
            "Filter to put in place first: a filter name (e.g. \"Ha\") or a slot number from 1.");
    public static final Param<Long> COUNT_PARAM = Param.integer(COUNT, "frames", "How many frames to take.")
            .range(1, MAX_COUNT).orElse(1L);
    public static final Param<String> OBJECT_PARAM = Param.string(OBJECT,
            "Name of the object (FITS OBJECT, and the start of the file names; default: the frame type).").length(1, 68);
    public static final Param<String> CAMERA_PARAM = Param.deviceId(CAMERA,
            "Device id of the camera; default: the first camera by id.");
    public static final Param<String> MOUNT_PARAM = Param.deviceId(MOUNT,
            "Device id of the mount whose pointing goes into the headers; default: the first mount by id, if any.");
    public static final Param<String> FOCUSER_PARAM = Param.deviceId(FOCUSER,
            "Device id of the focuser whose position goes into the headers; default: the first focuser by id, if any.");
    public static final Param<String> FILTER_WHEEL_PARAM = Param.deviceId(FILTER_WHEEL,
            "Device id of the filter wheel; default: the first filter wheel by id, if any.");
    public static final Param<String> FRAME_STORE_PARAM = Param.string(FRAME_STORE,
            "Where the frames go: 'images' (plain files under ORRERY_HOME/data/images) or 'files' (the file store, under"
                    + " frames/<yyyy-MM-dd>/, read with GET /api/v1/files/{path}); default: the configured frame_store,"
                    + " or 'files' when frame_compression or frame_encrypt is given.").oneOf(FrameDestination.IMAGES_NAME,
                            FrameDestination.FILES);
    public static final Param<String> FRAME_COMPRESSION_PARAM = Param.string(FRAME_COMPRESSION,
            "How FITS frames in the file store are compressed: 'gzip' (.fits.gz), 'zstd' (.fits.zst) or 'none' (.fits);"
                    + " default: the configured frame_compression.").oneOf("none", "gzip", "zstd");
    public static final Param<Boolean> FRAME_ENCRYPT_PARAM = Param.bool(FRAME_ENCRYPT,
            "Whether frames in the file store (FITS and PNG preview) are encrypted with the store's key; default: the"
                    + " configured frame_encrypt.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "Frames to take; each is written as FITS plus a PNG preview under ORRERY_HOME/data/images, or into the file"
                    + " store (frame_store).", EXPOSURE_PARAM,
            FRAME_TYPE_PARAM, BINNING_PARAM, GAIN_PARAM, OFFSET_PARAM, FILTER_PARAM, COUNT_PARAM, OBJECT_PARAM,
            CAMERA_PARAM, MOUNT_PARAM, FOCUSER_PARAM, FILTER_WHEEL_PARAM, FRAME_STORE_PARAM, FRAME_COMPRESSION_PARAM,
            FRAME_ENCRYPT_PARAM);

    /** The parameters, checked. */
    public record Request(double seconds, FrameType frameType, int binning, Double gain, Integer offset, Object filter,
            int count, String object, String camera, String mount, String focuser, String filterWheel) {

        static Request parse(Parameters p) {
            long offset = p.get(OFFSET_PARAM) == null ? -1 : p.get(OFFSET_PARAM);
            return new Request(p.get(EXPOSURE_PARAM), FrameType.parse(p.get(FRAME_TYPE_PARAM)),
                    p.get(BINNING_PARAM).intValue(), p.get(GAIN_PARAM), offset < 0 ? null : (int) offset,
                    p.get(FILTER_PARAM), p.get(COUNT_PARAM).intValue(), p.get(OBJECT_PARAM), p.get(CAMERA_PARAM),
                    p.get(MOUNT_PARAM), p.get(FOCUSER_PARAM), p.get(FILTER_WHEEL_PARAM));
        }

        ExposureSettings settings() {
            return new ExposureSettings(seconds, frameType, binning, binning, gain, offset);
        }
    }

    @Activate
    public CameraExposeAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Takes frames with a camera and writes each as FITS (standard headers) plus a stretched PNG preview.",
                PARAMETERS);
    }

    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        List<ResourceClaim> claims = new ArrayList<>();
        claims.add(claim(parameters, CAMERA, Camera.class, "camera", true));
        boolean filterAsked = parameters != null && parameters.get(FILTER) != null;
        // the wheel turns only when a filter is asked for; otherwise it is read, like the mount and focuser
        addIfPresent(claims, parameters, FILTER_WHEEL, FilterWheel.class, "filter_wheel", filterAsked);
        addIfPresent(claims, parameters, MOUNT, Mount.class, "mount", false);
        addIfPresent(claims, parameters, FOCUSER, Focuser.class, "focuser", false);
        return claims;
    }

    private void addIfPresent(List<ResourceClaim> claims, Map<String, Object> parameters, String parameter,
            Class<? extends org.orrery.device.Device> type, String typeId, boolean exclusive) {
        boolean named = parameters != null && parameters.get(parameter) instanceof String;
        if (named || exclusive || instruments.first(type) != null) {
            claims.add(claim(parameters, parameter, type, typeId, exclusive));
        }
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        Request r = Request.parse(p);
        FrameDestination destination;
        try {
            destination = FrameDestination.choose(p.get(FRAME_STORE_PARAM), p.get(FRAME_COMPRESSION_PARAM),
                    p.get(FRAME_ENCRYPT_PARAM), instruments.frameDefault());
        } catch (IllegalArgumentException e) {
            throw p.problem(e.getMessage());
        }
        // one after the other: the camera; a wheel when a filter is asked or a wheel named; mount
        // and focuser when named (unnamed ones are read if present, never waited for)
        return instruments.await(context, Camera.class, "camera", r.camera())
                .thenCompose(camera -> optional(context, FilterWheel.class, "filter wheel", r.filterWheel(),
                        r.filter() != null || r.filterWheel() != null)
                        .thenCompose(wheel -> optional(context, Mount.class, "mount", r.mount(), r.mount() != null)
                                .thenCompose(mount -> optional(context, Focuser.class, "focuser", r.focuser(),
                                        r.focuser() != null)
                                        .thenCompose(focuser -> expose(context, p, r, destination, camera, wheel,
                                                mount, focuser)))));
    }

    private <T extends org.orrery.device.Device> CompletableFuture<T> optional(ActionContext context, Class<T> type,
            String label, String id, boolean needed) {
        return needed ? instruments.await(context, type, label, id) : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Map<String, Object>> expose(ActionContext context, Parameters p, Request r,
            FrameDestination destination, Camera camera, FilterWheel namedWheel, Mount namedMount, Focuser namedFocuser) {
        String cameraId = instruments.idOf(camera);
        String cameraLabel = label("camera", cameraId);
        FilterWheel wheel = namedWheel != null ? namedWheel : instruments.first(FilterWheel.class);
        Mount mount = namedMount != null ? namedMount : instruments.first(Mount.class);
        Focuser focuser = namedFocuser != null ? namedFocuser : instruments.first(Focuser.class);
        ExposureSettings settings = r.settings();
        CameraInfo info;
        int slot;
        String wheelLabel = wheel == null ? null : label("filter wheel", instruments.idOf(wheel));
        try {
            info = camera.info();
            Exposures.check(p, cameraLabel, info, settings, r.gain() != null, r.offset() != null, EXPOSURE, 1,
                    "seconds");
            slot = r.filter() == null ? 0 : Moves.slotOf(p, FILTER, r.filter(), wheel, wheelLabel);
        } catch (TaskParameterException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Integer> filterInPlace = slot == 0 ? CompletableFuture.completedFuture(0)
                : Moves.filter(context, instruments, wheel, wheelLabel, slot);
        String stem = r.object() != null ? r.object() : r.frameType().id();
        Exposures.Request request = new Exposures.Request(settings, r.count(), stem, r.frameType() == FrameType.LIGHT,
                destination);
        return filterInPlace
                .thenCompose(s -> Exposures.take(context, instruments, camera, cameraLabel, camera, request,
                        () -> observation(r.object(), camera, info, mount, focuser, wheel)))
                .thenApply(frames -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("camera", cameraId);
                    result.put("frame_type", r.frameType().id());
                    result.put("exposure", r.seconds());
                    result.put("binning", r.binning());
                    if (slot > 0) {
                        result.put("filter", Moves.nameOf(wheel, slot) != null ? Moves.nameOf(wheel, slot) : slot);
                    }
                    result.put("count", frames.size());
                    if (destination.fileStore()) {
                        result.put("frame_store", FrameDestination.FILES);
                        result.put("paths_relative_to", "FILE_STORE");
                    } else {
                        result.put("paths_relative_to", "ORRERY_HOME");
                    }
                    result.put("frames", frames);
                    result.put("files", FrameFacts.files(frames));
                    return result;
                });
    }

    /** What the devices say now, for a frame's FITS headers. */
    static FitsHeaders.Observation observation(String object, Camera camera, CameraInfo info, Mount mount,
            Focuser focuser, FilterWheel wheel) {
        Double ccdTemp = FrameFacts.finite(FrameFacts.read(camera::temperature));
        String filter = null;
        if (wheel != null) {
            Integer slot = FrameFacts.read(wheel::slot);
            filter = slot == null ? null : Moves.nameOf(wheel, slot);
        }
        Integer focusPos = focuser == null ? null : FrameFacts.read(focuser::position);
        Double focusTemp = focuser == null ? null : FrameFacts.finite(FrameFacts.read(focuser::temperature));
        Double ra = mount == null ? null : FrameFacts.finite(FrameFacts.read(mount::rightAscension));
        Double dec = mount == null ? null : FrameFacts.finite(FrameFacts.read(mount::declination));
        Mount.Site site = mount == null ? null : FrameFacts.read(mount::site);
        return new FitsHeaders.Observation(object, FrameFacts.read(camera::name), mount == null ? null : FrameFacts.read(mount::name),
                ccdTemp, FrameFacts.pixelSize(info), filter, focusPos, focusTemp, ra, dec, site,
                FrameFacts.mountCards(mount));
    }
}
