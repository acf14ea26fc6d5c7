package org.orrery.devices.camera.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.FrameType;
import org.orrery.device.Mount;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.orrery.devices.common.image.Exposures;
import org.orrery.devices.common.image.FitsHeaders;
import org.orrery.devices.common.image.FrameFacts;
import org.orrery.devices.common.action.InstrumentAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Parameters;

/**
 * {@code camera.expose}: takes {@code count} frames and writes each as a FITS file with the
 * standard headers (pointing, focus and filter read from the other devices at the exposure
 * start) and a stretched PNG preview; optionally turns a filter wheel first.
 */
@Component(service = Action.class)
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
    public static final int MAX_COUNT = 10_000;
    public static final double MAX_SECONDS = 86_400;

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "camera.expose",
              "description": "Frames to take; each is written as FITS plus a PNG preview under ORRERY_HOME/data/images.",
              "type": "object",
              "properties": {
                "exposure": {"type": "number", "minimum": 0, "maximum": 86400,
                  "description": "Exposure time in seconds (fractions allowed); within the camera's range."},
                "frame_type": {"type": "string", "enum": ["light", "dark", "flat", "bias"], "default": "light",
                  "description": "What the frames are for (FITS IMAGETYP)."},
                "binning": {"type": "integer", "minimum": 1, "maximum": 16, "default": 1,
                  "description": "Binning factor, the same on both axes; at most the camera's maximum."},
                "gain": {"type": "number",
                  "description": "Gain to set first, within the camera's range; default: leave it as it is."},
                "offset": {"type": "integer", "minimum": 0,
                  "description": "Offset to set first, within the camera's range; default: leave it as it is."},
                "filter": {"type": ["string", "integer"], "minLength": 1, "minimum": 1,
                  "description": "Filter to put in place first: a filter name (e.g. \\"Ha\\") or a slot number from 1."},
                "count": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1,
                  "description": "How many frames to take."},
                "object": {"type": "string", "minLength": 1, "maxLength": 68,
                  "description": "Name of the object (FITS OBJECT, and the start of the file names; default: the frame type)."},
                "camera": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the camera; default: the first camera by id."},
                "mount": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the mount whose pointing goes into the headers; default: the first mount by id, if any."},
                "focuser": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the focuser whose position goes into the headers; default: the first focuser by id, if any."},
                "filter_wheel": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the filter wheel; default: the first filter wheel by id, if any."}
              },
              "required": ["exposure"],
              "additionalProperties": false
            }
            """;

    private static final Set<String> KNOWN = Set.of(EXPOSURE, FRAME_TYPE, BINNING, GAIN, OFFSET, FILTER, COUNT, OBJECT,
            CAMERA, MOUNT, FOCUSER, FILTER_WHEEL);

    /** The parameters, checked. */
    public record Request(double seconds, FrameType frameType, int binning, Double gain, Integer offset, Object filter,
            int count, String object, String camera, String mount, String focuser, String filterWheel) {

        static Request parse(Parameters p) throws TaskParameterException {
            double seconds = p.number(EXPOSURE, 0, MAX_SECONDS, "seconds");
            String type = p.string(FRAME_TYPE, "light");
            FrameType frameType;
            try {
                frameType = FrameType.parse(type);
            } catch (IllegalArgumentException e) {
                throw p.problem("parameter '" + FRAME_TYPE + "' must be light, dark, flat or bias, found "
                        + Parameters.describe(type));
            }
            int binning = p.integer(BINNING, 1, 16, "", 1L).intValue();
            Double gain = p.finiteNumber(GAIN, null);
            Long offset = p.integer(OFFSET, 0, Integer.MAX_VALUE, "", null);
            Object filter = p.raw(FILTER);
            if (p.has(FILTER)) {
                Long slot = filter instanceof String ? null : Parameters.wholeNumber(filter);
                boolean name = filter instanceof String s && !s.isEmpty();
                if (!name && (slot == null || slot < 1)) {
                    throw p.wrongType(FILTER, "a filter name or a slot number from 1", filter);
                }
            }
            int count = p.integer(COUNT, 1, MAX_COUNT, "frames", 1L).intValue();
            String object = p.text(OBJECT, 68, null);
            return new Request(seconds, frameType, binning, gain, offset == null ? null : offset.intValue(), filter,
                    count, object, p.deviceId(CAMERA), p.deviceId(MOUNT), p.deviceId(FOCUSER), p.deviceId(FILTER_WHEEL));
        }

        ExposureSettings settings() {
            return new ExposureSettings(seconds, frameType, binning, binning, gain, offset);
        }
    }

    @Activate
    public CameraExposeAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Takes frames with a camera and writes each as FITS (standard headers) plus a stretched PNG preview.",
                SCHEMA);
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
        Parameters p = Parameters.of(NAME, context.parameters(), KNOWN);
        Request r = Request.parse(p);
        // one after the other: the camera; a wheel when a filter is asked or a wheel named; mount
        // and focuser when named (unnamed ones are read if present, never waited for)
        return instruments.await(context, Camera.class, "camera", r.camera())
                .thenCompose(camera -> optional(context, FilterWheel.class, "filter wheel", r.filterWheel(),
                        r.filter() != null || r.filterWheel() != null)
                        .thenCompose(wheel -> optional(context, Mount.class, "mount", r.mount(), r.mount() != null)
                                .thenCompose(mount -> optional(context, Focuser.class, "focuser", r.focuser(),
                                        r.focuser() != null)
                                        .thenCompose(focuser -> expose(context, p, r, camera, wheel, mount, focuser)))));
    }

    private <T extends org.orrery.device.Device> CompletableFuture<T> optional(ActionContext context, Class<T> type,
            String label, String id, boolean needed) {
        return needed ? instruments.await(context, type, label, id) : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Map<String, Object>> expose(ActionContext context, Parameters p, Request r, Camera camera,
            FilterWheel namedWheel, Mount namedMount, Focuser namedFocuser) {
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
        Exposures.Request request = new Exposures.Request(settings, r.count(), stem);
        return filterInPlace
                .thenCompose(s -> Exposures.take(context, instruments, camera, cameraLabel, camera, request,
                        () -> observation(r, camera, info, mount, focuser, wheel)))
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
                    result.put("paths_relative_to", "ORRERY_HOME");
                    result.put("frames", frames);
                    result.put("files", FrameFacts.files(frames));
                    return result;
                });
    }

    private static FitsHeaders.Observation observation(Request r, Camera camera, CameraInfo info, Mount mount,
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
        return new FitsHeaders.Observation(r.object(), FrameFacts.read(camera::name), mount == null ? null : FrameFacts.read(mount::name),
                ccdTemp, FrameFacts.pixelSize(info), filter, focusPos, focusTemp, ra, dec, site, List.of());
    }
}
