package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.DeviceException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;

/** An INDI CCD (a device with CCD_EXPOSURE) as an Orrery camera; images come over the BLOB connection. */
final class IndiCamera extends AbstractIndiDevice implements Camera {

    /** How long after CCD_EXPOSURE ends the image may take to arrive on the other connection. */
    private static final long IMAGE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final String IMAGE_PROPERTY = "CCD1";

    /** A frame with the bytes it was decoded from (tests check those with fitsverify). */
    record Exposure(Frame frame, byte[] fits, String format, long receivedNanos) {
    }

    private final java.util.concurrent.atomic.AtomicLong aborts = new java.util.concurrent.atomic.AtomicLong();

    IndiCamera(IndiServer server, String indiName) {
        super(server, indiName);
    }

    @Override
    public CameraInfo info() {
        IndiVector info = property("CCD_INFO");
        IndiVector bin = property("CCD_BINNING");
        IndiVector exp = property("CCD_EXPOSURE");
        IndiVector gain = property("CCD_GAIN");
        IndiVector offset = property("CCD_OFFSET");
        int width = info == null ? 0 : (int) info.number("CCD_MAX_X");
        int height = info == null ? 0 : (int) info.number("CCD_MAX_Y");
        double pixel = info == null ? Double.NaN : info.number("CCD_PIXEL_SIZE");
        int bits = info == null || Double.isNaN(info.number("CCD_BITSPERPIXEL")) ? 16 : (int) info.number("CCD_BITSPERPIXEL");
        IndiElement hbin = bin == null ? null : bin.element("HOR_BIN");
        int maxBin = hbin == null || Double.isNaN(hbin.max()) ? 1 : (int) hbin.max();
        IndiElement e = exp == null ? null : exp.element("CCD_EXPOSURE_VALUE");
        IndiElement g = gain == null ? null : gain.element("GAIN");
        IndiElement o = offset == null ? null : offset.element("OFFSET");
        return new CameraInfo(width, height, pixel, Math.max(8, Math.min(16, bits)), Math.max(1, maxBin),
                e == null || Double.isNaN(e.min()) ? 0 : e.min(), e == null || Double.isNaN(e.max()) ? 3600 : e.max(),
                g == null ? Double.NaN : g.min(), g == null ? Double.NaN : g.max(),
                o == null || Double.isNaN(o.min()) ? -1 : (int) o.min(), o == null || Double.isNaN(o.max()) ? -1 : (int) o.max(),
                property("CCD_TEMPERATURE") != null);
    }

    @Override
    public ExposureState exposureState() {
        IndiVector exp = property("CCD_EXPOSURE");
        if (exp == null) {
            return ExposureState.IDLE;
        }
        return switch (exp.state() == null ? IndiState.IDLE : exp.state()) {
            case BUSY -> exp.number("CCD_EXPOSURE_VALUE") > 0 ? ExposureState.EXPOSING : ExposureState.READING_OUT;
            case ALERT -> ExposureState.ERROR;
            default -> ExposureState.IDLE;
        };
    }

    @Override
    public double temperature() {
        IndiVector t = property("CCD_TEMPERATURE");
        return t == null ? Double.NaN : t.number("CCD_TEMPERATURE_VALUE");
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connection", connectionState().id());
        v.put("exposure_state", exposureState().name().toLowerCase(Locale.ROOT));
        double t = temperature();
        if (!Double.isNaN(t)) {
            v.put("temperature_celsius", t);
        }
        IndiVector bin = property("CCD_BINNING");
        if (bin != null) {
            v.put("binning", (int) bin.number("HOR_BIN") + "x" + (int) bin.number("VER_BIN"));
        }
        IndiVector gain = property("CCD_GAIN");
        if (gain != null) {
            v.put("gain", gain.number("GAIN"));
        }
        IndiVector offset = property("CCD_OFFSET");
        if (offset != null) {
            v.put("offset", offset.number("OFFSET"));
        }
        IndiVector type = property("CCD_FRAME_TYPE");
        if (type != null && type.onSwitch() != null) {
            v.put("frame_type", type.onSwitch().replace("FRAME_", "").toLowerCase(Locale.ROOT));
        }
        return v;
    }

    @Override
    public CompletionStage<Frame> expose(ExposureSettings exposure) {
        return submit("the exposure", () -> exposeNow(exposure).frame());
    }

    /** Like {@link #expose}, keeping the FITS bytes as they arrived (decompressed). */
    CompletionStage<Exposure> exposeRaw(ExposureSettings exposure) {
        return submit("the exposure", () -> exposeNow(exposure));
    }

    private Exposure exposeNow(ExposureSettings s) throws InterruptedException, IOException {
        String during = "the exposure";
        Life life = ready(during);
        Duration t = settings.settingTimeout();
        Map<String, String> bin = values("HOR_BIN", Integer.toString(s.binX()), "VER_BIN", Integer.toString(s.binY()));
        apply(life, "CCD_BINNING", IndiKind.NUMBER, bin, numbersAt(bin, 1e-6), true, t, during);
        remember("CCD_BINNING", IndiKind.NUMBER, bin);
        if (property("CCD_FRAME_TYPE") != null || s.frameType() != FrameType.LIGHT) {
            String sw = "FRAME_" + s.frameType().name();
            Map<String, String> type = values(sw, "On");
            apply(life, "CCD_FRAME_TYPE", IndiKind.SWITCH, type, switchOn(sw), true, t, during);
            remember("CCD_FRAME_TYPE", IndiKind.SWITCH, type);
        }
        if (s.gain() != null) {
            Map<String, String> gain = values("GAIN", IndiWriter.number(s.gain()));
            apply(life, "CCD_GAIN", IndiKind.NUMBER, gain, numbersAt(gain, 1e-6), true, t, during);
            remember("CCD_GAIN", IndiKind.NUMBER, gain);
        }
        if (s.offset() != null) {
            Map<String, String> offset = values("OFFSET", Integer.toString(s.offset()));
            apply(life, "CCD_OFFSET", IndiKind.NUMBER, offset, numbersAt(offset, 1e-6), true, t, during);
            remember("CCD_OFFSET", IndiKind.NUMBER, offset);
        }
        IndiVector exp = require(life, "CCD_EXPOSURE", during);
        IndiElement e = exp.element("CCD_EXPOSURE_VALUE");
        double seconds = s.seconds();
        if (e != null && !Double.isNaN(e.min()) && seconds < e.min()) {
            seconds = e.min(); // a bias: the shortest exposure the camera takes
        }
        if (e != null && !Double.isNaN(e.max()) && e.max() > 0 && seconds > e.max()) {
            throw new DeviceException(id(), indiName + " cannot expose " + s.seconds() + " s: its longest exposure is "
                    + e.max() + " s");
        }
        long abortsAtStart = aborts.get();
        Instant started = Instant.now();
        long seq0;
        try {
            seq0 = client.sendNew(indiName, "CCD_EXPOSURE", IndiKind.NUMBER,
                    values("CCD_EXPOSURE_VALUE", IndiWriter.number(seconds)));
        } catch (IOException ex) {
            throw new DeviceException(id(), indiName + ": could not start the exposure: " + ex.getMessage(), ex);
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9) + settings.exposureReadoutTimeout().toNanos();
        boolean[] sawBusy = {false};
        long[] endedAt = {0};
        double askedSeconds = seconds;
        IndiClient.BlobArrival arrival = client.await(deadline, () -> {
            checkAlive(life, during);
            IndiClient.BlobArrival b = client.lastBlob(indiName, IMAGE_PROPERTY);
            if (b != null && b.seq() > seq0) {
                return b;
            }
            if (aborts.get() != abortsAtStart) {
                throw new DeviceException(id(), indiName + ": the exposure was aborted");
            }
            IndiVector v = client.property(indiName, "CCD_EXPOSURE");
            if (v == null || v.seq() <= seq0) {
                return null;
            }
            if (v.alertedAfter(seq0)) { // Alert now, or Alert and at once Idle again
                String text = alertText(v, seq0);
                throw new DeviceException(id(), indiName + " failed the " + askedSeconds + " s exposure: CCD_EXPOSURE is "
                        + v.describe() + " (" + alertState(v) + ")" + suffix(text));
            }
            if (v.state() == IndiState.BUSY) {
                sawBusy[0] = true;
            } else if (sawBusy[0]) {
                long now = System.nanoTime();
                if (endedAt[0] == 0) {
                    endedAt[0] = now;
                } else if (now - endedAt[0] > IMAGE_GRACE_NANOS) {
                    throw new DeviceException(id(), indiName + ": the exposure ended (CCD_EXPOSURE "
                            + v.state().text() + ") but no image arrived on the BLOB connection within "
                            + IMAGE_GRACE_NANOS / 1_000_000_000 + " s");
                }
            }
            return null;
        });
        if (arrival == null) {
            IndiVector v = property("CCD_EXPOSURE");
            throw new DeviceException(id(), indiName + ": no image within " + seconds(settings.exposureReadoutTimeout())
                    + " after the end of a " + seconds + " s exposure; CCD_EXPOSURE is "
                    + (v == null ? "gone" : v.describe() + " (" + v.state() + ")"));
        }
        byte[] fits = FitsDecoder.fitsBytes(arrival.data());
        FitsDecoder.Image image;
        try {
            image = FitsDecoder.decode(fits);
        } catch (IOException ex) {
            throw new DeviceException(id(), indiName + " sent an image that cannot be read (" + arrival.data().format()
                    + ", " + fits.length + " bytes): " + ex.getMessage(), ex);
        }
        IndiVector binNow = property("CCD_BINNING");
        IndiVector gainNow = property("CCD_GAIN");
        IndiVector offsetNow = property("CCD_OFFSET");
        ExposureSettings applied = new ExposureSettings(s.seconds(), s.frameType(),
                binNow == null ? s.binX() : (int) binNow.number("HOR_BIN"),
                binNow == null ? s.binY() : (int) binNow.number("VER_BIN"),
                gainNow == null ? s.gain() : Double.valueOf(gainNow.number("GAIN")),
                offsetNow == null ? s.offset() : Integer.valueOf((int) offsetNow.number("OFFSET")));
        Map<String, Object> headers = new LinkedHashMap<>(image.headers());
        headers.putIfAbsent("INSTRUME", indiName);
        Frame frame = new Frame(image.width(), image.height(), image.bitDepth(), image.pixels(),
                image.dateObs() == null ? started : image.dateObs(), applied, headers);
        return new Exposure(frame, fits, arrival.data().format(), arrival.receivedNanos());
    }

    @Override
    public void abortExposure() {
        if (exposureState() == ExposureState.IDLE) {
            return;
        }
        aborts.incrementAndGet();
        fire("CCD_ABORT_EXPOSURE", IndiKind.SWITCH, values("ABORT", "On"));
    }
}
