package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.orrery.device.ConnectionState;
import org.orrery.device.ExposureSettings;

/**
 * Benchmark (not a test): a 1 s exposure of the INDI CCD simulator through Orrery's driver,
 * against the raw INDI round trip done with {@code indi_setprop} (start the exposure) and a
 * monitoring {@code indi_getprop} (saves the BLOB to a file), in the same run, alternating.
 *
 * <p>Orrery: {@code exposeRaw} (settings checked, exposure, BLOB, FITS decoded into a Frame),
 * then the FITS bytes written to disk. Raw: from starting indi_setprop to indi_getprop's file
 * being complete. Overhead = Orrery − raw (medians). Must run in a private network namespace:
 * {@code devices.indi/src/test/netns/bench} (see the README).
 */
public final class IndiExposeBenchmark {

    private static final String CCD = "CCD Simulator";

    private IndiExposeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double seconds = 1.0;
        try (IndiTestServer indi = new IndiTestServer(7624, List.of("indi_simulator_ccd")).start()) {
            RecordingRegistrar registrar = new RecordingRegistrar();
            IndiServer server = new IndiServer(IndiSettings.defaults("localhost", 7624), registrar);
            server.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (registrar.byId("indi-ccd-simulator") == null
                        || registrar.byId("indi-ccd-simulator").device().connectionState() != ConnectionState.CONNECTED) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the CCD simulator did not connect");
                    }
                    Thread.sleep(20);
                }
                IndiCamera camera = (IndiCamera) registrar.byId("indi-ccd-simulator").device();
                Path dir = Files.createDirectories(indi.home().resolve("bench"));
                List<Double> orreryFrame = new ArrayList<>();
                List<Double> orreryDisk = new ArrayList<>();
                List<Double> raw = new ArrayList<>();
                int warmups = 2;
                for (int i = 0; i < runs + warmups; i++) {
                    double[] o = orrery(camera, seconds, dir.resolve("orrery-" + i + ".fits"));
                    double r = raw(indi, seconds, dir.resolve("raw-" + i));
                    if (i >= warmups) {
                        orreryFrame.add(o[0]);
                        orreryDisk.add(o[1]);
                        raw.add(r);
                        System.out.printf(Locale.ROOT, "run %2d: orrery expose->Frame %7.1f ms, ->FITS on disk %7.1f ms;"
                                + " raw setprop+getprop %7.1f ms%n", i - warmups + 1, o[0], o[1], r);
                    }
                }
                double mf = median(orreryFrame);
                double md = median(orreryDisk);
                double mr = median(raw);
                System.out.printf(Locale.ROOT, "%nmedians over %d runs of a %.0f s exposure (full frame 1280x1024x16):%n",
                        runs, seconds);
                System.out.printf(Locale.ROOT, "  raw INDI round trip (indi_setprop + indi_getprop -m, BLOB to file): %.1f ms"
                        + " (%.1f ms above %.0f s)%n", mr, mr - seconds * 1000, seconds);
                System.out.printf(Locale.ROOT, "  Orrery Camera.expose -> decoded Frame:                             %.1f ms"
                        + " (%.1f ms above %.0f s)%n", mf, mf - seconds * 1000, seconds);
                System.out.printf(Locale.ROOT, "  Orrery Camera.expose -> decoded Frame + FITS bytes on disk:        %.1f ms"
                        + " (%.1f ms above %.0f s)%n", md, md - seconds * 1000, seconds);
                System.out.printf(Locale.ROOT, "  overhead above the raw trip: %.1f ms to the Frame, %.1f ms to the file (goal < 30 ms)%n",
                        mf - mr, md - mr);
            } finally {
                server.close();
            }
        }
    }

    private static double[] orrery(IndiCamera camera, double seconds, Path file) throws Exception {
        long t0 = System.nanoTime();
        IndiCamera.Exposure e = camera.exposeRaw(ExposureSettings.light(seconds)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        Files.write(file, e.fits());
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t0) / 1e6};
    }

    private static double raw(IndiTestServer indi, double seconds, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(CCD + ".CCD1.CCD1.fits");
        Process monitor = new ProcessBuilder(IndiTestServer.which("indi_getprop"), "-m", "-t", "30",
                "-p", Integer.toString(indi.port()), CCD + ".CCD1.CCD1").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("getprop.log").toFile()).start();
        try {
            Thread.sleep(500); // connected and monitoring before the clock starts
            long t0 = System.nanoTime();
            Process set = new ProcessBuilder(IndiTestServer.which("indi_setprop"), "-p", Integer.toString(indi.port()),
                    CCD + ".CCD_EXPOSURE.CCD_EXPOSURE_VALUE=" + seconds).redirectErrorStream(true).start();
            if (!set.waitFor(10, TimeUnit.SECONDS) || set.exitValue() != 0) {
                throw new IOException("indi_setprop failed: " + new String(set.getInputStream().readAllBytes()));
            }
            long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
            while (!complete(file)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("indi_getprop saved no complete image within 30 s");
                }
                Thread.onSpinWait();
                Thread.sleep(0, 200_000);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            monitor.destroy();
            monitor.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** indi_getprop writes the file in one go: complete once it holds the full-frame data in 2880-byte blocks. */
    private static boolean complete(Path file) {
        try {
            long size = Files.size(file);
            return size >= 1280L * 1024 * 2 && size % 2880 == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

}
