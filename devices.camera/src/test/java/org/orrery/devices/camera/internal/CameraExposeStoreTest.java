package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.FrameDestination;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.image.FitsVerify;
import org.orrery.devices.common.image.MemoryFileStore;
import org.orrery.files.Compression;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

import nom.tam.fits.Fits;
import nom.tam.fits.Header;

/** camera.expose with its frames in the file store (frame_store, frame_compression, frame_encrypt). */
class CameraExposeStoreTest {

    @TempDir
    Path home;

    private Rig rig;
    private CameraExposeAction action;
    private Fakes.FakeCamera camera;
    private final MemoryFileStore store = new MemoryFileStore();

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        action = new CameraExposeAction(rig.instruments);
        camera = rig.add(new Fakes.FakeCamera("cam-main"));
        rig.instruments.addFileStore(store);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void gzipFramesGoIntoTheStoreAsFitsGzWithTheirPreviewStarsAndWhereTheyWent() throws Exception {
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "object", "M42", "count", 2, "frame_compression", "gzip"))) {
            result = Rig.run(action, context);
        }
        assertEquals("files", result.get("frame_store"));
        assertEquals("FILE_STORE", result.get("paths_relative_to"));
        List<Map<String, Object>> frames = (List<Map<String, Object>>) result.get("frames");
        assertEquals(2, frames.size());
        Map<String, Object> first = frames.get(0);
        String fits = (String) first.get("fits");
        assertTrue(fits.matches("frames/\\d{4}-\\d{2}-\\d{2}/M42_3c4d5e6f_001\\.fits\\.gz"), fits);
        assertEquals(fits.replace(".fits.gz", ".png"), first.get("png"));
        assertEquals("files", first.get("store"));
        assertEquals("gzip", first.get("compression"));
        assertEquals(false, first.get("encrypted"));
        assertTrue(first.containsKey("hfr") && first.containsKey("stars"), "stars measured: " + first);
        assertEquals(List.of(fits, first.get("png"), frames.get(1).get("fits"), frames.get(1).get("png")),
                result.get("files"));
        assertEquals(Compression.GZIP, store.files.get(fits).options().compression());

        Path copy = Files.write(home.resolve("copy.fits"), store.files.get(fits).content());
        FitsVerify.assertNoErrors(copy);
        try (Fits read = new Fits(copy.toFile())) {
            Header h = read.readHDU().getHeader();
            assertEquals("M42", h.getStringValue("OBJECT"));
            assertEquals(((Number) first.get("stars")).intValue(), h.getIntValue("STARS"));
        }
        assertFalse(Files.exists(home.resolve("data/images")), "nothing written to the images folder");
    }

    @Test
    void encryptedFramesAreEncryptedPreviewsToo() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "frame_store", "files",
                "frame_encrypt", true, "frame_compression", "none"))) {
            Rig.run(action, context);
        }
        assertEquals(2, store.files.size());
        store.files.forEach((path, entry) -> assertTrue(entry.options().encrypt(), path));
        assertTrue(store.files.keySet().stream().anyMatch(p -> p.endsWith(".fits")), store.files.keySet().toString());
    }

    @Test
    void theConfiguredDefaultSendsFramesToTheStoreAndATaskMayStillAskForTheImagesFolder() throws Exception {
        rig.instruments.frameDefault(FrameDestination.files(Compression.ZSTD, false));
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01))) {
            Rig.run(action, context);
        }
        assertTrue(store.files.keySet().stream().anyMatch(p -> p.endsWith(".fits.zst")), store.files.keySet().toString());
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "frame_store", "images"))) {
            result = Rig.run(action, context);
        }
        assertEquals("ORRERY_HOME", result.get("paths_relative_to"));
        assertTrue(Files.exists(home.resolve("data/images")));
    }

    @Test
    void withoutAFileStoreTheTaskFailsSayingSoBeforeAnyExposureAndWritesNothingElsewhere() throws Exception {
        rig.instruments.removeFileStore(store);
        Throwable e;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "frame_compression", "gzip"))) {
            e = Rig.failure(action, context);
        }
        assertInstanceOf(TaskExecutionException.class, e);
        assertEquals("frames are to go into the file store (frame_store 'files'), but there is no file store: the"
                + " storage bundle (org.orrery.store.files) is not installed, not started, or still starting; no frame"
                + " was taken, none written elsewhere", e.getMessage());
        assertEquals(0, camera.exposures.get());
        assertFalse(Files.exists(home.resolve("data/images")));
    }

    @Test
    void compressionOrEncryptionAskedForTheImagesFolderIsRefusedNamingTheParameter() throws Exception {
        TaskParameterException e;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "frame_store", "images",
                "frame_encrypt", true))) {
            e = assertThrows(TaskParameterException.class, () -> action.execute(context));
        }
        assertTrue(e.getMessage().contains("parameter 'frame_encrypt' is true, but frame_store is 'images'"),
                e.getMessage());
        assertEquals(0, camera.exposures.get());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrashBetweenStoringAFrameAndSavingItLeavesOneFileForThatFrame() throws Exception {
        Map<String, Object> parameters = Map.of("exposure", 0.01, "count", 3, "object", "M42", "frame_compression",
                "gzip");
        Map<String, Object> checkpoint;
        try (FakeActionContext first = new FakeActionContext(parameters).crashAfterCheckpoints(3)) {
            Rig.failure(action, first);
            checkpoint = first.lastCheckpoint();
        }
        assertEquals("files", ((Map<String, Object>) checkpoint.get("writing")).get("store"));
        assertEquals(4, store.files.size(), "frame 2 is stored, but not in the checkpoint");

        Map<String, Object> result;
        try (FakeActionContext second = new FakeActionContext(parameters).resumingFrom(checkpoint, 2)) {
            result = Rig.run(action, second);
        }
        assertEquals(4, camera.exposures.get(), "frame 2 taken again, then frame 3");
        List<String> names = store.files.keySet().stream().filter(p -> p.endsWith(".fits.gz"))
                .map(p -> p.substring(p.lastIndexOf('/') + 1)).sorted().toList();
        assertEquals(List.of("M42_3c4d5e6f_001.fits.gz", "M42_3c4d5e6f_002.fits.gz", "M42_3c4d5e6f_003.fits.gz"), names);
        assertEquals(6, store.files.size());
        assertEquals(3, ((List<?>) result.get("frames")).size());
    }
}
