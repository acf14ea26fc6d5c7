package org.orrery.devices.common.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.Mount;
import org.orrery.devices.common.image.FrameStatistics;
import org.orrery.devices.common.image.ImageNames;
import org.orrery.devices.common.sky.Angles;
import org.orrery.image.ImageFileNames;

/** File naming, statistics, angles and the device registry, without OSGi. */
class HelpersTest {

    @TempDir
    Path home;

    @Test
    void fileNamesFollowDateObjectTaskAndFrame() {
        Path images = Path.of("/h/data/images");
        Instant start = Instant.parse("2024-03-05T23:59:59.9Z");
        assertEquals(Path.of("/h/data/images/2024-03-05"), ImageNames.folder(images, start));
        assertEquals("M_42_3c4d5e6f_007", ImageNames.base("M 42", "3F2B9C1E-7d4a-4e5b-9c2d-1A2B3C4D5E6F", 7));
        // version 7 ids of one minute share their first 8 characters, not their last
        assertNotEquals(ImageNames.task("019af1c2-5c1e-7b3d-9f0a-1c2d3e4f5a6b"), ImageNames.task("019af1c2-6d2f-7c4e-8a1b-2d3e4f5a6b7c"));
        assertEquals("NGC_7000_seq-42-step-1_001", ImageNames.base("NGC 7000 / ...", "seq-42-step-1", 1));
        assertEquals("frame_task-00000000_012", ImageNames.base("///", " ", 12));
        assertEquals("light_a_b-" + String.format("%08x", "a/b".hashCode()) + "_001", ImageNames.base("light", "a/b", 1));
        String longId = "a".repeat(60);
        assertEquals(40, ImageNames.task(longId).length());
        assertTrue(!ImageNames.task(longId).equals(ImageNames.task(longId + "b")));
        assertEquals("data/images/x.fits", ImageNames.forResult(Path.of("/h"), Path.of("/h/data/images/x.fits")));
        assertEquals("/elsewhere/x.fits", ImageNames.forResult(Path.of("/h"), Path.of("/elsewhere/x.fits")));
    }

    @Test
    void tasksWhoseIdsOnlyLookAlikeGetDifferentNames() {
        assertNotEquals(ImageNames.base("M42", "coll@x", 1), ImageNames.base("M42", "coll_x", 1));
        assertNotEquals(ImageNames.base("M42", "coll/x", 1), ImageNames.base("M42", "coll_x", 1));
        assertEquals("M42_coll_x_001", ImageNames.base("M42", "coll_x", 1));
    }

    @Test
    void everyNameTheWriterMakesIsOneTheImagesRouteServes() {
        String[] texts = {"x/../y+z", "..", ".hidden", "a..b", "M 42 (Orion)", "ü€\u0000/\\", "-", "_", "",
                "NGC 7000 / ...", "a".repeat(300), "+", "x.fits", "..%2f..%2fetc"};
        for (String object : texts) {
            for (String task : texts) {
                String name = ImageNames.base(object, task, 1) + ".fits";
                assertTrue(ImageFileNames.isFileName(name), object + " / " + task + " gave " + name);
                assertTrue(ImageFileNames.isImagePath("2026-12-04/" + name), name);
            }
        }
    }

    @Test
    void statisticsAreExact() {
        FrameStatistics s = FrameStatistics.of(new int[] {1, 2, 3, 4, 100});
        assertEquals(22.0, s.mean());
        assertEquals(3, s.median());
        assertEquals(1, s.min());
        assertEquals(100, s.max());
        assertEquals(Math.sqrt(7610 / 5.0), s.stdDev(), 1e-9);
        assertEquals(1, s.mad());
        assertEquals(Map.of("mean", 22.0, "median", 3, "min", 1, "max", 100, "std_dev", 39.01), s.toMap());
        assertTrue(FrameStatistics.of(new int[] {7, 7, 7}).constant());
    }

    @Test
    void anglesAreWrittenAsToolsReadThem() {
        assertEquals("10 30 00.00", Texts.sexagesimalHours(10.5));
        assertEquals("00 00 00.00", Texts.sexagesimalHours(23.9999999999));
        assertEquals("+20 00 00.0", Texts.sexagesimalDegrees(20));
        assertEquals("-00 30 00.0", Texts.sexagesimalDegrees(-0.5));
        assertEquals("RA 10.2h Dec 20°", Texts.radec(10.2, 20.0));
        assertEquals(3.1, Angles.separationDegrees(10.5, 20, 10.5, 16.9), 1e-9);
        assertEquals(15.0, Angles.separationDegrees(0, 0, 23, 0), 1e-9, "across 0h");
        assertEquals("3.1°", Texts.angle(3.1));
        assertEquals("2.4'", Texts.angle(0.04));
        assertEquals("0.4 s", Texts.seconds(java.time.Duration.ofMillis(400)));
    }

    @Test
    void theDefaultDeviceIsTheFirstOfItsTypeByIdAndRemovalIsReported() {
        try (Rig rig = new Rig(home)) {
            Instruments i = rig.instruments;
            rig.add(new Fakes.FakeMount("b-mount"));
            Fakes.FakeMount a = rig.add(new Fakes.FakeMount("a-mount"));
            rig.add(new Fakes.FakeCamera("0-camera"));
            assertSame(a, i.first(Mount.class));
            assertSame(a, i.find(Mount.class, null));
            assertNull(i.find(Mount.class, "0-camera"), "wrong type");
            assertEquals("0-camera (camera), a-mount (mount), b-mount (mount)", i.describeDevices());

            List<String> removed = new ArrayList<>();
            Instruments.Watch closed = i.watch(a, e -> removed.add("closed " + e.getMessage()));
            closed.close();
            i.watch(a, (DeviceRemovedException e) -> removed.add(e.getMessage()));
            rig.remove(a);
            assertEquals(List.of("device removed: 'a-mount' is no longer available"), removed);
            assertEquals("b-mount", i.first(Mount.class).id());
        }
    }

    @Test
    void settingsComeFromTheConfiguration() {
        Settings s = Settings.DEFAULTS;
        assertEquals(300, s.deviceWait().toSeconds());
        assertEquals("images", s.imagesFolder());
        try (Rig rig = new Rig(home)) {
            assertEquals(home.resolve("data/images"), rig.instruments.imagesFolder());
        }
    }
}
