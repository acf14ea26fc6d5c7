package org.orrery.devices.common.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.orrery.actions.params.Parameters;
import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.Device;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.devices.common.action.FrameDestination;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Settings;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.devices.common.sim.Checks;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;

/**
 * Takes frames with a camera and writes each as FITS plus a PNG preview: the part that
 * {@code camera.expose} and {@code capture_image} share. Each frame's wait is bounded by its
 * exposure time plus the readout margin; cancellation and timeouts abort the exposure; every
 * frame is checked (binning, dimensions, not empty or flat) before it is written.
 */
public final class Exposures {

    /**
     * One series of frames.
     *
     * @param settings the exposure
     * @param count how many frames
     * @param fileStem the first part of the file names (object or frame type)
     * @param measureStars whether each frame's stars are found and measured (result {@code hfr},
     *        {@code stars}; FITS {@code HFR}, {@code STARS})
     * @param destination the images folder, or the file store ({@link StoredFrames})
     */
    public record Request(ExposureSettings settings, int count, String fileStem, boolean measureStars,
            FrameDestination destination) {

        /** A series into the images folder. */
        public Request(ExposureSettings settings, int count, String fileStem, boolean measureStars) {
            this(settings, count, fileStem, measureStars, FrameDestination.IMAGES);
        }

        /** A series into the images folder whose stars are not measured (a microscope's). */
        public Request(ExposureSettings settings, int count, String fileStem) {
            this(settings, count, fileStem, false);
        }
    }

    private Exposures() {
    }

    /**
     * Checks a request against what the camera can do, so that a bad value is refused with the
     * camera's range in the message rather than sent to the driver.
     */
    public static void check(Parameters p, String cameraLabel, CameraInfo info, ExposureSettings s, boolean gainAsked,
            boolean offsetAsked, String exposureName, double exposureScale, String exposureUnit)
            throws TaskParameterException {
        if (info == null) {
            return;
        }
        double seconds = s.seconds();
        if (seconds > 0 && (seconds < info.minExposureSeconds() - 1e-9 || seconds > info.maxExposureSeconds() + 1e-9)) {
            throw p.problem("parameter '" + exposureName + "' is " + Texts.number(seconds * exposureScale, 6) + " "
                    + exposureUnit + ", outside the range of " + cameraLabel + ": "
                    + Texts.number(info.minExposureSeconds() * exposureScale, 6) + " to "
                    + Texts.number(info.maxExposureSeconds() * exposureScale, 6) + " " + exposureUnit);
        }
        if (info.maxBin() > 0 && (s.binX() > info.maxBin() || s.binY() > info.maxBin())) {
            throw p.problem("binning " + s.binX() + "x" + s.binY() + " is more than " + cameraLabel + " can do (at most "
                    + info.maxBin() + "x" + info.maxBin() + ")");
        }
        if (gainAsked && s.gain() != null) {
            if (!info.gainSettable()) {
                throw p.problem("parameter 'gain' was given, but the gain of " + cameraLabel + " cannot be set");
            }
            if (s.gain() < info.minGain() - 1e-9 || s.gain() > info.maxGain() + 1e-9) {
                throw p.problem("parameter 'gain' is " + Texts.number(s.gain(), 6) + ", outside the range of "
                        + cameraLabel + ": " + Texts.number(info.minGain(), 6) + " to "
                        + Texts.number(info.maxGain(), 6));
            }
        }
        if (offsetAsked && s.offset() != null) {
            if (!info.offsetSettable()) {
                throw p.problem("parameter 'offset' was given, but the offset of " + cameraLabel + " cannot be set");
            }
            if (s.offset() < info.minOffset() || s.offset() > info.maxOffset()) {
                throw p.problem("parameter 'offset' is " + s.offset() + ", outside the range of " + cameraLabel + ": "
                        + info.minOffset() + " to " + info.maxOffset());
            }
        }
    }

    /**
     * Takes the frames one after the other and writes their files. Completes with one entry per
     * frame (see {@link #entry}); fails with the first problem, saying how many frames were
     * written before it. Each frame is saved in the task's checkpoint once written
     * ({@link FrameProgress}): an attempt that finds frames in the checkpoint continues with the
     * next one, and its result lists every frame, the earlier attempts' too.
     *
     * @param watched the registered device whose removal ends the series (the camera, or the
     *        microscope the camera belongs to)
     * @param observation what the other devices say, read at each exposure start
     */
    public static CompletableFuture<List<Map<String, Object>>> take(ActionContext context, Instruments instruments,
            Camera camera, String label, Device watched, Request request,
            Supplier<FitsHeaders.Observation> observation) {
        if (request.destination().fileStore() && instruments.fileStore() == null) {
            return CompletableFuture.failedFuture(new TaskExecutionException(noStore("frames are to go into the file"
                    + " store (frame_store 'files')") + "; no frame was taken, none written elsewhere"));
        }
        FrameProgress progress = FrameProgress.resume(context, instruments.home().root(), instruments.imagesFolder(),
                instruments.fileStore(), request.count());
        return next(context, instruments, camera, label, watched, request, observation, progress, progress.done() + 1)
                .thenApply(v -> progress.frames());
    }

    private static CompletableFuture<Void> next(ActionContext context, Instruments instruments, Camera camera,
            String label, Device watched, Request request, Supplier<FitsHeaders.Observation> observation,
            FrameProgress progress, int index) {
        if (index > request.count()) {
            context.progress(1, request.count() + " frame" + (request.count() == 1 ? "" : "s") + " written");
            return CompletableFuture.completedFuture(null);
        }
        ExposureSettings s = request.settings();
        String frameOf = request.count() == 1 ? "" : " (frame " + index + " of " + request.count() + ")";
        context.progress((index - 1) / (double) request.count(),
                "exposing " + Texts.number(s.seconds(), 3) + " s " + s.frameType().id() + frameOf);
        FitsHeaders.Observation seen = observation.get();
        return expose(context, instruments, camera, label, watched, s, frameOf).thenAcceptAsync(f -> {
            try {
                progress.written(writeFrame(context, instruments, camera, label, request, seen, f, index, progress));
            } catch (TaskException e) {
                throw new CompletionException(e);
            }
        }, instruments.work()).thenCompose(
                v -> next(context, instruments, camera, label, watched, request, observation, progress, index + 1));
    }

    /**
     * One exposure, not written anywhere: bounded by its exposure time plus the readout margin,
     * aborted on cancellation, timeout or the removal of {@code watched}.
     *
     * @param frameOf how messages name the frame, e.g. {@code " (frame 2 of 5)"}, or ""
     */
    public static CompletableFuture<Frame> expose(ActionContext context, Instruments instruments, Camera camera,
            String label, Device watched, ExposureSettings s, String frameOf) {
        Settings settings = instruments.settings();
        Duration timeout = Duration.ofNanos(Math.round(s.seconds() * 1e9)).plus(settings.readoutMargin());
        return Waits.operation(context, instruments, watched,
                label + " exposure of " + Texts.number(s.seconds(), 3) + " s" + frameOf, timeout,
                () -> label + " did not deliver the " + Texts.number(s.seconds(), 3) + " s exposure" + frameOf
                        + " within " + Texts.seconds(timeout) + " (exposure time plus "
                        + Texts.seconds(settings.readoutMargin()) + " readout margin; camera state "
                        + stateOf(camera) + "); the exposure was aborted",
                camera::abortExposure, () -> camera.expose(s));
    }

    private static String stateOf(Camera camera) {
        try {
            return camera.exposureState().name().toLowerCase(java.util.Locale.ROOT);
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Checks and writes one frame outside a series (no checkpoint: an autofocus run's frames);
     * returns its result entry.
     */
    public static Map<String, Object> write(ActionContext context, Instruments instruments, Camera camera, String label,
            Request request, FitsHeaders.Observation seen, Frame frame, int index) throws TaskExecutionException {
        return writeFrame(context, instruments, camera, label, request, seen, frame, index, null);
    }

    private static Map<String, Object> writeFrame(ActionContext context, Instruments instruments, Camera camera,
            String label, Request request, FitsHeaders.Observation seen, Frame frame, int index, FrameProgress progress)
            throws TaskExecutionException {
        FrameStatistics stats = FrameStatistics.of(frame.pixels());
        CameraInfo info;
        try {
            info = camera.info();
        } catch (RuntimeException e) {
            info = null;
        }
        Optional<String> problem = FrameCheck.problem(label, info, request.settings(), frame, stats);
        if (problem.isPresent()) {
            throw new TaskExecutionException(problem.get() + written(index));
        }
        StarStatistics stars = request.measureStars() ? StarDetector.standard().detect(frame.pixels(), frame.width(),
                frame.height(), stats, frame.maxValue()) : null;
        List<FitsHeaders.Card> cards = FitsHeaders.cards(frame, seen, Instant.now());
        if (stars != null) {
            cards = FitsHeaders.with(cards, new FitsHeaders.Card("HFR", stars.roundedHfr(),
                    "[px] median half-flux radius of the stars, binned"),
                    new FitsHeaders.Card("STARS", stars.count(), "stars detected"));
        }
        String stem = ImageNames.base(request.fileStem(), context.taskId(), index);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", index);
        if (request.destination().fileStore()) {
            StoredFrames.Written files = store(instruments, label, request.destination(), frame, cards, stats, stem,
                    index, progress);
            entry.put("fits", files.fits());
            entry.put("png", files.png());
            entry.put("store", FrameDestination.FILES);
            entry.put("compression", files.fitsFile().compression().id());
            entry.put("encrypted", files.fitsFile().encrypted());
        } else {
            ImageWriter.Written files = writeFiles(instruments, label, frame, cards, stats, stem, index, progress);
            Path home = instruments.home().root();
            entry.put("fits", ImageNames.forResult(home, files.fits()));
            entry.put("png", ImageNames.forResult(home, files.png()));
        }
        entry.put("date_obs", FitsHeaders.isoMillis(frame.startedAt()) + "Z");
        entry.put("width", frame.width());
        entry.put("height", frame.height());
        entry.put("statistics", stats.toMap());
        if (stars != null) {
            entry.put("hfr", stars.roundedHfr());
            entry.put("stars", stars.count());
        }
        if (seen != null && seen.focusTemperature() != null) {
            entry.put("focus_temperature", seen.focusTemperature()); // the triggers' temperature change
        }
        context.log().info("frame " + index + " written: " + entry.get("fits"));
        return entry;
    }

    private static ImageWriter.Written writeFiles(Instruments instruments, String label, Frame frame,
            List<FitsHeaders.Card> cards, FrameStatistics stats, String stem, int index, FrameProgress progress)
            throws TaskExecutionException {
        Path images = instruments.imagesFolder();
        Path folder = ImageNames.folder(images, frame.startedAt());
        try {
            ImageWriter.Announcement announcement = progress == null ? ImageWriter.Announcement.NONE
                    : (f, p) -> announce(() -> progress.announce(index, f, p));
            return ImageWriter.write(frame, cards, images, folder, stem, instruments.settings().previewMaxSize(), stats,
                    announcement);
        } catch (IOException | RuntimeException e) {
            throw new TaskExecutionException("could not write the files of frame " + index + " from " + label + " ("
                    + folder.resolve(stem) + ".fits): " + e.getMessage() + written(index), e);
        }
    }

    private static StoredFrames.Written store(Instruments instruments, String label, FrameDestination destination,
            Frame frame, List<FitsHeaders.Card> cards, FrameStatistics stats, String stem, int index,
            FrameProgress progress) throws TaskExecutionException {
        FileStore store = instruments.fileStore();
        String where = StoredFrames.folder(frame.startedAt()) + "/" + stem + destination.fitsExtension();
        if (store == null) {
            throw new TaskExecutionException(noStore("frame " + index + " from " + label + " was to go into the file"
                    + " store as " + where) + "; it was not written elsewhere" + written(index));
        }
        try {
            StoredFrames.Announcement announcement = progress == null ? StoredFrames.Announcement.NONE
                    : (f, p) -> announce(() -> progress.announceStored(index, f, p));
            return StoredFrames.write(store, destination, frame, cards, stats, instruments.settings().previewMaxSize(),
                    stem, announcement);
        } catch (IOException | FileStoreException | RuntimeException e) {
            throw new TaskExecutionException("could not store the files of frame " + index + " from " + label
                    + " in the file store (" + where + "): " + e.getMessage() + written(index), e);
        }
    }

    private static String noStore(String what) {
        return what + ", but there is no file store: the storage bundle (org.orrery.store.files) is not installed,"
                + " not started, or still starting";
    }

    private interface Checkpoint {
        void save() throws TaskException;
    }

    private static void announce(Checkpoint checkpoint) throws IOException {
        try {
            checkpoint.save();
        } catch (TaskException e) {
            throw new IOException("the names of its files could not be saved first: " + e.getMessage(), e);
        }
    }

    /** {@code ; 2 earlier frames of this task were written} when some were. */
    private static String written(int index) {
        int before = index - 1;
        return before == 0 ? "" : "; " + before + " earlier frame" + (before == 1 ? " was" : "s were") + " written";
    }
}
