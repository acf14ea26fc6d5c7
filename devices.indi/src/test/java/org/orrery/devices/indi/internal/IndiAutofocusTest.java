package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.Camera;
import org.orrery.device.ConnectionState;
import org.orrery.device.Focuser;
import org.orrery.devices.camera.internal.AutofocusAction;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.action.Settings;
import org.orrery.testsupport.FakeActionContext;

/**
 * {@code autofocus} against indiserver's CCD and focuser simulators. The CCD simulator snoops the
 * focuser simulator's {@code FWHM} (its {@code ACTIVE_DEVICES} name "Focuser Simulator" by default)
 * and draws its stars that wide; the focuser simulator's FWHM is
 * {@code 0.5625·((position − mid)/5000 + 8/3)² + seeing}, sharpest at {@code mid − 13333}
 * (mid = half the travel; INDI 1.9.9 focus_simulator.cpp). The CCD simulator takes its stars
 * from the Guide Star Catalog's {@code gsc} program, which Debian does not package: a stand-in
 * script on indiserver's PATH answers with a fixed pattern of stars around the pointing asked.
 * The telescope simulator runs too: without it the CCD simulator drew no stars at all here (it
 * takes the focal length from the telescope's {@code TELESCOPE_INFO}).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class IndiAutofocusTest {

    private static final int PORT = 7625;

    /** A stand-in for the Guide Star Catalog's {@code gsc}: a fixed grid of stars around the centre asked. */
    private static final Path GSC = Path.of("src/test/gsc");

    @TempDir
    Path tmp;

    private IndiTestServer indi;
    private IndiServer server;
    private Rig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (server != null) {
            server.close();
        }
        if (indi != null) {
            indi.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void landsNearTheFocuserSimulatorsBestFocus() throws Exception {
        indi = new IndiTestServer(PORT, List.of("indi_simulator_ccd", "indi_simulator_focus",
                "indi_simulator_telescope")).withPathFirst(GSC.toAbsolutePath()).start();
        RecordingRegistrar registrar = new RecordingRegistrar();
        server = new IndiServer(IndiSettings.defaults("localhost", PORT)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3)),
                registrar);
        server.start();
        IndiDriverTest.awaitTrue("camera and focuser connected", Duration.ofSeconds(20), () -> registrar.live.size() == 3
                && registrar.live.stream().allMatch(p -> p.device().connectionState() == ConnectionState.CONNECTED));
        Camera camera = (Camera) registrar.byId("indi-ccd-simulator").device();
        Focuser focuser = (Focuser) registrar.byId("indi-focuser-simulator").device();
        IndiDriverTest.awaitTrue("the camera's CCD_INFO", Duration.ofSeconds(15), () -> camera.info().width() > 0);
        IndiDriverTest.awaitTrue("the focuser's travel", Duration.ofSeconds(15), () -> focuser.maxPosition() > 0);
        int best = (int) Math.round(focuser.maxPosition() / 2.0 - 5000 * 8 / 3.0);
        IndiDriverTest.get(focuser.moveTo(best + 1500, 1.0), 60);

        // INDI's focuser simulator moves 10000 steps per second and its camera takes a while to send a frame
        Settings f = Rig.FAST;
        rig = new Rig(tmp.resolve("home"), new Settings(f.deviceWait(), Duration.ofSeconds(30),
                f.slewRateDegreesPerSecond(), f.slewMargin(), f.slewToleranceArcmin(), f.parkTimeout(),
                f.trackingTimeout(), 2000, Duration.ofSeconds(30), f.focuserToleranceSteps(), f.filterTimeout(),
                f.stageMicronsPerSecond(), f.stageMargin(), f.stageToleranceMicrons(), Duration.ofSeconds(2),
                f.imagesFolder(), f.previewMaxSize(), f.microscopeId()));
        rig.add(camera);
        rig.add(focuser);
        AutofocusAction action = new AutofocusAction(rig.instruments);
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 1, "step_size", 2500,
                "camera", "indi-ccd-simulator", "focuser", "indi-focuser-simulator"))) {
            result = action.execute(context).toCompletableFuture().get(200, TimeUnit.SECONDS);
        }

        int found = (Integer) result.get("best_position");
        assertTrue(Math.abs(found - best) <= 300, "best " + found + ", the simulator's " + best + ": " + result);
        assertEquals(found, focuser.position());
        for (Map<String, Object> p : (List<Map<String, Object>>) result.get("points")) {
            assertTrue((Integer) p.get("stars") >= 5, result.toString());
        }
    }
}
