package org.orrery.devices.common.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.DeviceException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;

/**
 * What every simulated camera does: checks the settings against its {@link CameraInfo}, exposes for
 * the time asked (a timer, no thread waits), reads out (renders, then waits out the rest of the
 * readout time) and hands back the frame. One exposure at a time. Subclasses say what the sensor
 * sees through {@link #capture}.
 */
public abstract class CameraDevice extends SimulatedDevice implements Camera {

    /** An exposure under way: knows what the camera saw when it started, renders when it ends. */
    public interface Capture {
        /** Called when the exposure time is over, on the device thread: the pixels, row by row. */
        int[] readOut();

        /** FITS header values known once read out. */
        Map<String, Object> headers();
    }

    protected final CameraInfo info;
    private final double readoutSeconds;

    private ExposureState state = ExposureState.IDLE;
    private CompletableFuture<Frame> current;
    private ScheduledFuture<?> timer;
    private double gain;
    private int offset;
    private long frames;

    public CameraDevice(String id, String name, CameraInfo info, double gain, int offset, double readoutSeconds,
            DeviceWorker worker) {
        super("camera", id, name, worker);
        this.info = info;
        this.readoutSeconds = Math.max(0, readoutSeconds);
        this.gain = info.gainSettable() ? Math.max(info.minGain(), Math.min(info.maxGain(), gain)) : gain;
        this.offset = info.offsetSettable() ? Math.max(info.minOffset(), Math.min(info.maxOffset(), offset)) : offset;
    }

    /** What the sensor will see for these (checked, complete) settings; {@code exposure} numbers the frame. */
    protected abstract Capture capture(ExposureSettings settings, long exposure);

    @Override
    public CameraInfo info() {
        return info;
    }

    @Override
    public synchronized ExposureState exposureState() {
        return state;
    }

    public synchronized double gain() {
        return gain;
    }

    public synchronized int offset() {
        return offset;
    }

    @Override
    protected void putValues(Map<String, Object> v) {
        double t = temperature();
        if (!Double.isNaN(t)) {
            v.put("temperature_celsius", Math.round(t * 100) / 100.0);
        }
        synchronized (this) {
            v.put("exposure_state", state.name().toLowerCase(Locale.ROOT));
            v.put("gain", gain);
            v.put("offset", offset);
        }
        v.put("width", info.width());
        v.put("height", info.height());
    }

    /** The settings as the camera will take them, or the reason it refuses them. */
    public ExposureSettings check(ExposureSettings s) {
        try {
            Checks.range("exposure time", " s", info.minExposureSeconds(), info.maxExposureSeconds(), s.seconds());
            if (s.binX() > info.maxBin() || s.binY() > info.maxBin()) {
                throw new IllegalArgumentException("binning must be 1 to " + info.maxBin() + " on each axis, was "
                        + s.binX() + "x" + s.binY());
            }
            Double g = s.gain();
            if (g != null) {
                if (!info.gainSettable()) {
                    throw new IllegalArgumentException("gain cannot be set on this camera, was asked for "
                            + Checks.fmt(g));
                }
                Checks.range("gain", "", info.minGain(), info.maxGain(), g);
            }
            Integer o = s.offset();
            if (o != null) {
                if (!info.offsetSettable()) {
                    throw new IllegalArgumentException("offset cannot be set on this camera, was asked for " + o);
                }
                Checks.range("offset", "", info.minOffset(), info.maxOffset(), o);
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        return s;
    }

    @Override
    public CompletionStage<Frame> expose(ExposureSettings asked) {
        try {
            check(asked);
        } catch (DeviceException e) {
            return DeviceWorker.failed(e);
        }
        CompletableFuture<Frame> f;
        ExposureSettings settings;
        Capture capture;
        synchronized (this) {
            if (worker.closed()) {
                return removed();
            }
            if (current != null) {
                return DeviceWorker.failed(new DeviceException(id, "camera '" + id
                        + "' is busy: expected it idle to start an exposure, found it " + state.name()
                                .toLowerCase(Locale.ROOT).replace('_', ' ')));
            }
            if (asked.gain() != null) {
                gain = asked.gain();
            }
            if (asked.offset() != null) {
                offset = asked.offset();
            }
            settings = new ExposureSettings(asked.seconds(), asked.frameType(), asked.binX(), asked.binY(), gain,
                    offset);
            capture = capture(settings, ++frames);
            f = worker.operation(id);
            current = f;
            state = ExposureState.EXPOSING;
            Instant startedAt = Instant.now();
            timer = worker.schedule(settings.seconds(), () -> readOut(f, capture, settings, startedAt));
        }
        return f;
    }

    private void readOut(CompletableFuture<Frame> f, Capture capture, ExposureSettings settings, Instant startedAt) {
        synchronized (this) {
            if (current != f) {
                return;
            }
            state = ExposureState.READING_OUT;
        }
        long t0 = System.nanoTime();
        Frame frame;
        try {
            int[] pixels = capture.readOut();
            Map<String, Object> headers = new LinkedHashMap<>(capture.headers());
            frame = new Frame(info.width() / settings.binX(), info.height() / settings.binY(), info.bitDepth(),
                    pixels, startedAt, settings, headers);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (current == f) {
                    current = null;
                    state = ExposureState.ERROR;
                }
            }
            worker.fail(f, new DeviceException(id, "camera '" + id + "' failed to read out: " + e, e));
            return;
        }
        double left = readoutSeconds - (System.nanoTime() - t0) / 1e9;
        synchronized (this) {
            if (current != f) {
                return;
            }
            timer = worker.schedule(left, () -> deliver(f, frame));
        }
    }

    private void deliver(CompletableFuture<Frame> f, Frame frame) {
        synchronized (this) {
            if (current != f) {
                return;
            }
            current = null;
            timer = null;
            state = ExposureState.IDLE;
        }
        worker.complete(f, frame);
    }

    @Override
    public void abortExposure() {
        CompletableFuture<Frame> f;
        synchronized (this) {
            f = current;
            if (f == null) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            current = null;
            timer = null;
            state = ExposureState.IDLE;
        }
        worker.fail(f, error("exposure aborted"));
    }

    /** Called by the component's deactivation (after the worker closed): nothing is under way any more. */
    @Override
    public synchronized void stopped() {
        current = null;
        timer = null;
        state = ExposureState.IDLE;
    }

    /** FITS headers of the pixels: PIXSIZE1/2 and XPIXSZ/YPIXSZ (binned, µm), EGAIN (e⁻/ADU at the gain). */
    protected void putPixelHeaders(Map<String, Object> h, ExposureSettings s, Sensor sensor) {
        double pixelSize = info.pixelSizeMicrons();
        h.put("PIXSIZE1", pixelSize * s.binX());
        h.put("PIXSIZE2", pixelSize * s.binY());
        h.put("XPIXSZ", pixelSize * s.binX());
        h.put("YPIXSZ", pixelSize * s.binY());
        h.put("EGAIN", Math.round(sensor.electronsPerAdu(s.gain()) * 1e4) / 1e4);
    }

    /** A frame's own seed for its noise, different for every frame of this camera. */
    public static long noiseSeed(long seed, long exposure) {
        return seed * 0x9E3779B97F4A7C15L + exposure * 0xD1B54A32D192ED03L;
    }
}
