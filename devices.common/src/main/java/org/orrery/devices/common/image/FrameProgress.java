package org.orrery.devices.common.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.devices.common.action.FrameDestination;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;

/**
 * A series' progress, kept durably in the task's checkpoint ({@link ActionContext#checkpoint(Map)})
 * so that the next attempt (a retry, the re-run after a crash) continues with the next frame:
 * <pre>
 * {"frames_done": 6, "files": [...], "frames": [{entry of frame 1}, ...],
 *  "writing": {"index": 7, "fits": "...", "png": "..."}}   (only between announce and written;
 *                                                          "store": "files" for paths in the file store)
 * </pre>
 * Two saves per frame: the names its files are about to get ({@link #announce}, before they exist),
 * then the frame as written ({@link #written}). An attempt that starts from a checkpoint still
 * {@code writing} a frame removes those files (they are its own: a name is announced only while
 * free, and only the announcing attempt gives a file that name) and takes the frame again, so a
 * crash between writing a frame and saving the checkpoint leaves neither two files for the frame
 * nor a gap.
 */
final class FrameProgress {

    static final String FRAMES_DONE = "frames_done";
    static final String FILES = "files";
    static final String FRAMES = "frames";
    static final String WRITING = "writing";
    static final String STORE = "store";

    private final ActionContext context;
    private final Path home;
    private final List<Map<String, Object>> frames;

    private FrameProgress(ActionContext context, Path home, List<Map<String, Object>> frames) {
        this.context = context;
        this.home = home;
        this.frames = frames;
    }

    /**
     * The progress an earlier attempt left (none: a new series), with the files of a frame it was
     * writing when it stopped removed.
     *
     * @param home paths in the entries are relative to it (or absolute)
     * @param images only files under this folder are ever removed
     * @param store the file store (null: none), whose unfinished frames are removed under {@code frames/} only
     */
    static FrameProgress resume(ActionContext context, Path home, Path images, FileStore store, int count) {
        Map<String, Object> saved = context.checkpoint();
        List<Map<String, Object>> frames = framesOf(saved, count);
        if (frames == null) {
            if (!saved.isEmpty()) {
                context.log().warn("the checkpoint of an earlier attempt does not describe this series; starting"
                        + " from frame 1: " + saved);
            }
            frames = new ArrayList<>();
        }
        FrameProgress progress = new FrameProgress(context, home, frames);
        if (saved.get(WRITING) instanceof Map<?, ?> writing && writing.get("index") instanceof Number index
                && index.intValue() == frames.size() + 1) {
            if (FrameDestination.FILES.equals(writing.get(STORE))) {
                progress.removeUnfinished(writing, store);
            } else {
                progress.removeUnfinished(writing, images);
            }
        }
        if (!frames.isEmpty()) {
            context.log().info("continuing at frame " + (frames.size() + 1) + " of " + count + ": " + frames.size()
                    + " frame" + (frames.size() == 1 ? " was" : "s were") + " written by an earlier attempt");
        }
        return progress;
    }

    /** The frames of a well-formed checkpoint (entries numbered 1..n, n ≤ count), else null. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> framesOf(Map<String, Object> saved, int count) {
        if (!(saved.get(FRAMES) instanceof List<?> list) || !(saved.get(FRAMES_DONE) instanceof Number done)
                || done.intValue() != list.size() || list.size() > count) {
            return null;
        }
        List<Map<String, Object>> frames = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> entry) || !(entry.get("index") instanceof Number i)
                    || i.intValue() != frames.size() + 1) {
                return null;
            }
            frames.add((Map<String, Object>) entry);
        }
        return frames;
    }

    private void removeUnfinished(Map<?, ?> writing, Path images) {
        Path root = images.toAbsolutePath().normalize();
        for (Object name : List.of(String.valueOf(writing.get("fits")), String.valueOf(writing.get("png")))) {
            Path file = home.resolve(name.toString()).toAbsolutePath().normalize();
            if (!file.startsWith(root)) {
                continue; // never outside the images folder, whatever the checkpoint says
            }
            try {
                if (Files.deleteIfExists(file)) {
                    context.log().info("removed " + name + ", frame " + writing.get("index")
                            + " of an attempt that stopped before it was saved; the frame is taken again");
                }
            } catch (IOException e) {
                context.log().warn("could not remove " + file + " of an interrupted attempt: " + e);
            }
        }
    }

    private void removeUnfinished(Map<?, ?> writing, FileStore store) {
        for (Object name : List.of(String.valueOf(writing.get("fits")), String.valueOf(writing.get("png")))) {
            if (!name.toString().startsWith(FrameDestination.FOLDER + "/")) {
                continue; // never outside the frames folder, whatever the checkpoint says
            }
            if (store == null) {
                context.log().warn("could not remove " + name + " of an interrupted attempt from the file store:"
                        + " there is no file store now");
                continue;
            }
            try {
                if (store.delete(name.toString())) {
                    context.log().info("removed " + name + " from the file store, frame " + writing.get("index")
                            + " of an attempt that stopped before it was saved; the frame is taken again");
                }
            } catch (FileStoreException e) {
                context.log().warn("could not remove " + name + " of an interrupted attempt from the file store: " + e);
            }
        }
    }

    /** Frames written so far (by this attempt and earlier ones), in order. */
    List<Map<String, Object>> frames() {
        return frames;
    }

    int done() {
        return frames.size();
    }

    /** Frame {@code index}'s files are about to get these names: saved before they do. */
    void announce(int index, Path fits, Path png) throws TaskException {
        Map<String, Object> writing = new LinkedHashMap<>();
        writing.put("index", index);
        writing.put("fits", ImageNames.forResult(home, fits));
        writing.put("png", ImageNames.forResult(home, png));
        context.checkpoint(state(writing));
    }

    /** Frame {@code index}'s files are about to get these paths in the file store: saved before they do. */
    void announceStored(int index, String fits, String png) throws TaskException {
        Map<String, Object> writing = new LinkedHashMap<>();
        writing.put("index", index);
        writing.put("fits", fits);
        writing.put("png", png);
        writing.put(STORE, FrameDestination.FILES);
        context.checkpoint(state(writing));
    }

    /** The frame is written: it counts from now on, also for a later attempt. */
    void written(Map<String, Object> entry) throws TaskException {
        frames.add(entry);
        context.checkpoint(state(null));
    }

    private Map<String, Object> state(Map<String, Object> writing) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(FRAMES_DONE, frames.size());
        state.put(FILES, FrameFacts.files(frames));
        state.put(FRAMES, List.copyOf(frames));
        if (writing != null) {
            state.put(WRITING, writing);
        }
        return state;
    }
}
