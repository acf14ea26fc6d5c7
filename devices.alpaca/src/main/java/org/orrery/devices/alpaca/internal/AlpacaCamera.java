package org.orrery.devices.alpaca.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.DeviceException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;
import org.orrery.devices.alpaca.internal.AlpacaException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Alpaca camera: sets binning (and the full frame for it), gain and offset, PUT
 * {@code startexposure}, polls {@code imageready} from the end of the exposure time on, and reads
 * {@code imagearray} (ImageBytes when the server has it, else JSON) into a {@link Frame}.
 */
final class AlpacaCamera extends AlpacaDeviceBase implements Camera {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaCamera.class);

    /** Alpaca CameraState values. */
    static final int IDLE = 0, WAITING = 1, EXPOSING = 2, READING = 3, DOWNLOAD = 4, ERROR = 5;

    private record Exposure(CompletableFuture<Frame> future, ExposureSettings settings, Instant startedAt,
            long startNanos, long deadlineNanos) {
    }

    private volatile CameraInfo info;
    private volatile int maxAdu = 65535;
    private volatile double pixelSizeY = Double.NaN;
    private volatile int cameraState = -1;
    private volatile double temperature = Double.NaN;
    private final AtomicReference<Exposure> current = new AtomicReference<>();

    AlpacaCamera(DeviceSettings settings) {
        super(settings);
    }

    @Override
    protected void loadInfo() {
        int width = (int) number("cameraxsize");
        int height = (int) number("cameraysize");
        double pixelX = optionalDouble("pixelsizex", Double.NaN);
        pixelSizeY = optionalDouble("pixelsizey", pixelX);
        int maxBin = Math.max(1, Math.min(optionalInt("maxbinx", 1), optionalInt("maxbiny", 1)));
        maxAdu = Math.max(1, optionalInt("maxadu", 65535));
        int bitDepth = Math.max(8, Math.min(16, 32 - Integer.numberOfLeadingZeros(maxAdu)));
        double minExposure = optionalDouble("exposuremin", 0);
        double maxExposure = optionalDouble("exposuremax", Double.MAX_VALUE);
        double minGain = Double.NaN;
        double maxGain = Double.NaN;
        JsonNode gainMin = optional("gainmin");
        JsonNode gainMax = optional("gainmax");
        if (gainMin != null && gainMax != null) {
            minGain = gainMin.asDouble();
            maxGain = gainMax.asDouble();
        } else {
            JsonNode gains = optional("gains"); // gains index mode: Gain is an index into this list
            if (gains != null && gains.isArray() && gains.size() > 0) {
                minGain = 0;
                maxGain = gains.size() - 1;
            }
        }
        int minOffset = -1;
        int maxOffset = -1;
        JsonNode offsetMin = optional("offsetmin");
        JsonNode offsetMax = optional("offsetmax");
        if (offsetMin != null && offsetMax != null) {
            minOffset = offsetMin.asInt();
            maxOffset = offsetMax.asInt();
        } else {
            JsonNode offsets = optional("offsets");
            if (offsets != null && offsets.isArray() && offsets.size() > 0) {
                minOffset = 0;
                maxOffset = offsets.size() - 1;
            }
        }
        temperature = optionalDouble("ccdtemperature", Double.NaN);
        boolean cooled = !Double.isNaN(temperature);
        info = new CameraInfo(width, height, Double.isNaN(pixelX) ? 0 : pixelX, bitDepth, maxBin, minExposure,
                maxExposure, minGain, maxGain, minOffset, maxOffset, cooled);
    }

    @Override
    protected void refresh() {
        cameraState = optionalInt("camerastate", -1);
        CameraInfo i = info;
        if (i != null && i.cooled()) {
            temperature = optionalDouble("ccdtemperature", Double.NaN);
        }
    }

    @Override
    protected void deviceValues(Map<String, Object> values) {
        values.put("exposure_state", exposureState().name().toLowerCase(java.util.Locale.ROOT));
        if (!Double.isNaN(temperature)) {
            values.put("temperature_celsius", temperature);
        }
        CameraInfo i = info;
        if (i != null) {
            values.put("width", i.width());
            values.put("height", i.height());
        }
    }

    @Override
    public CameraInfo info() {
        CameraInfo i = info;
        if (i == null) {
            throw new DeviceException(id(), "camera '" + id() + "' (" + where() + ") has not connected yet, so what it"
                    + " can do is unknown" + (statusMessage().isEmpty() ? "" : ": " + statusMessage()));
        }
        return i;
    }

    @Override
    public ExposureState exposureState() {
        Exposure e = current.get();
        if (e != null) {
            long exposureNanos = (long) (e.settings().seconds() * 1e9);
            return System.nanoTime() - e.startNanos() < exposureNanos ? ExposureState.EXPOSING
                    : ExposureState.READING_OUT;
        }
        return switch (cameraState) {
            case WAITING, EXPOSING -> ExposureState.EXPOSING;
            case READING, DOWNLOAD -> ExposureState.READING_OUT;
            case ERROR -> ExposureState.ERROR;
            default -> ExposureState.IDLE;
        };
    }

    @Override
    public double temperature() {
        return temperature;
    }

    @Override
    public CompletionStage<Frame> expose(ExposureSettings asked) {
        CompletableFuture<Frame> f = newOperation();
        if (f.isDone()) {
            return f;
        }
        begin(f, () -> start(f, asked));
        return f;
    }

    /** On the worker: checks the request against the camera, applies the settings, starts the exposure. */
    private void start(CompletableFuture<Frame> f, ExposureSettings asked) {
        CameraInfo i = info();
        if (asked.binX() > i.maxBin() || asked.binY() > i.maxBin()) {
            throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "binning " + asked.binX() + "x"
                    + asked.binY() + " exceeds camera '" + id() + "''s maximum " + i.maxBin() + " (maxbinx/maxbiny)");
        }
        double seconds = asked.seconds();
        if (seconds < i.minExposureSeconds()) {
            if (asked.frameType() == FrameType.BIAS || seconds == 0) {
                seconds = i.minExposureSeconds(); // a bias is the shortest exposure the camera can take
            } else {
                throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "exposure " + seconds
                        + " s is shorter than camera '" + id() + "''s minimum " + i.minExposureSeconds() + " s");
            }
        }
        if (seconds > i.maxExposureSeconds()) {
            throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "exposure " + seconds
                    + " s is longer than camera '" + id() + "''s maximum " + i.maxExposureSeconds() + " s");
        }
        Integer gain = null;
        if (asked.gain() != null) {
            double g = asked.gain();
            if (g != Math.rint(g)) {
                throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "gain " + g
                        + " is not a whole number: Alpaca cameras take integer gains");
            }
            if (i.gainSettable() && (g < i.minGain() || g > i.maxGain())) {
                throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "gain " + (long) g
                        + " is outside camera '" + id() + "''s range " + (long) i.minGain() + " to " + (long) i.maxGain()
                        + " (gainmin/gainmax); nothing was sent");
            }
            gain = (int) g;
        }
        Integer offset = asked.offset();
        if (offset != null && i.offsetSettable() && (offset < i.minOffset() || offset > i.maxOffset())) {
            throw new AlpacaException(id(), Kind.DEVICE, AlpacaException.INVALID_VALUE, "offset " + offset
                    + " is outside camera '" + id() + "''s range " + i.minOffset() + " to " + i.maxOffset()
                    + " (offsetmin/offsetmax); nothing was sent");
        }
        Exposure busy = current.get();
        if (busy != null && !busy.future().isDone()) {
            throw new DeviceException(id(), "camera '" + id() + "' is busy with an exposure started at "
                    + busy.startedAt() + "; one exposure at a time");
        }
        client.put(path + "/binx", Map.of("BinX", asked.binX()));
        client.put(path + "/biny", Map.of("BinY", asked.binY()));
        client.put(path + "/startx", Map.of("StartX", 0));
        client.put(path + "/starty", Map.of("StartY", 0));
        client.put(path + "/numx", Map.of("NumX", i.width() / asked.binX()));
        client.put(path + "/numy", Map.of("NumY", i.height() / asked.binY()));
        if (gain != null) {
            client.put(path + "/gain", Map.of("Gain", gain));
        }
        if (offset != null) {
            client.put(path + "/offset", Map.of("Offset", offset));
        }
        ExposureSettings taken = new ExposureSettings(seconds, asked.frameType(), asked.binX(), asked.binY(),
                asked.gain(), asked.offset());
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("Duration", seconds);
        form.put("Light", asked.frameType().shutterOpen());
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        long deadline = startNanos + (long) (seconds * 1e9) + settings.readoutTimeout().toNanos();
        Exposure exposure = new Exposure(f, taken, startedAt, startNanos, deadline);
        current.set(exposure); // before the PUT, so an abort during it finds the exposure
        f.whenComplete((frame, e) -> current.compareAndSet(exposure, null));
        client.put(path + "/startexposure", form);
        if (f.isDone()) { // aborted (or removed) while the PUT was under way
            abortQuietly();
            return;
        }
        LOG.debug("Camera '{}': {} s {} exposure started ({}x{})", id(), seconds, asked.frameType().id(),
                asked.binX(), asked.binY());
        Duration first = Duration.ofNanos(Math.max((long) (seconds * 1e9), settings.operationPoll().toNanos()));
        step(f, first, () -> awaitImage(exposure));
    }

    /** On the worker: polls imageready until the image is there, the camera reports an error or the time is up. */
    private void awaitImage(Exposure e) {
        if (bool("imageready")) {
            download(e);
            return;
        }
        int stateNow = optionalInt("camerastate", -1);
        cameraState = stateNow;
        if (stateNow == ERROR) {
            throw new DeviceException(id(), "camera '" + id() + "' reported an error (camerastate 5) during its "
                    + e.settings().seconds() + " s exposure, expected an image");
        }
        if (System.nanoTime() > e.deadlineNanos()) {
            abortQuietly();
            throw new DeviceException(id(), "camera '" + id() + "' did not report imageready within "
                    + e.settings().seconds() + " s exposure + " + settings.readoutTimeout().toMillis() / 1000.0
                    + " s readout timeout (camerastate " + stateNow + "); the exposure was aborted");
        }
        step(e.future(), settings.operationPoll(), () -> awaitImage(e));
    }

    private void download(Exposure e) {
        AlpacaImage image = client.imageArray(path, settings.imageBytes(), settings.imageTimeout());
        CameraInfo i = info;
        int bitDepth = i == null ? 16 : i.bitDepth();
        int max = Math.min(maxAdu, (1 << bitDepth) - 1);
        int expectedWidth = i == null ? image.width() : i.width() / e.settings().binX();
        int expectedHeight = i == null ? image.height() : i.height() / e.settings().binY();
        if (image.width() != expectedWidth || image.height() != expectedHeight) {
            LOG.warn("Camera '{}' sent a {}x{} image, expected {}x{} for binning {}x{}", id(), image.width(),
                    image.height(), expectedWidth, expectedHeight, e.settings().binX(), e.settings().binY());
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("INSTRUME", name());
        if (i != null && i.pixelSizeMicrons() > 0) {
            headers.put("XPIXSZ", i.pixelSizeMicrons() * e.settings().binX());
            headers.put("YPIXSZ", (Double.isNaN(pixelSizeY) ? i.pixelSizeMicrons() : pixelSizeY) * e.settings().binY());
        }
        if (!Double.isNaN(temperature)) {
            headers.put("CCD-TEMP", temperature);
        }
        Frame frame = new Frame(image.width(), image.height(), bitDepth, image.rowMajor(max), e.startedAt(),
                e.settings(), headers);
        LOG.debug("Camera '{}': {}x{} frame read", id(), frame.width(), frame.height());
        e.future().complete(frame);
    }

    private void abortQuietly() {
        try {
            client.put(path + "/abortexposure");
        } catch (AlpacaException e) {
            LOG.debug("Camera '{}': abortexposure failed: {}", id(), e.getMessage());
        }
    }

    @Override
    public void abortExposure() {
        Exposure e = current.get();
        if (e == null || e.future().isDone()) {
            return;
        }
        try {
            client.put(path + "/abortexposure");
        } catch (AlpacaException ex) {
            LOG.warn("Camera '{}': abortexposure failed: {}", id(), ex.getMessage());
        }
        e.future().completeExceptionally(new DeviceException(id(), "exposure on camera '" + id()
                + "' aborted on request"));
    }
}
