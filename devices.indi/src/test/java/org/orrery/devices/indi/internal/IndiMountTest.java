package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.indi.internal.IndiDriverTest.awaitTrue;
import static org.orrery.devices.indi.internal.IndiDriverTest.get;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.orrery.device.ConnectionState;
import org.orrery.device.Mount;
import org.orrery.device.Mount.PierSide;
import org.orrery.devices.common.sim.Sidereal;
import org.orrery.devices.common.sky.Angles;
import org.orrery.devices.common.sky.Offsets;

/**
 * Pier side, sync and offset moves against Debian's real {@code indi_simulator_telescope} (1.9.9:
 * it reports TELESCOPE_PIER_SIDE from the hour angle of each slew; it has no SIM_PIER_SIDE switch),
 * in the test JVM's private network namespace (see IndiTestServer).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IndiMountTest {

    private static final int PORT = 7625;
    private static final String INDI_NAME = "Telescope Simulator";
    private static IndiTestServer indi;
    private static IndiServer server;
    private static IndiMount mount;

    @BeforeAll
    static void startServer() throws Exception {
        indi = new IndiTestServer(PORT, List.of("indi_simulator_telescope")).start();
        RecordingRegistrar registrar = new RecordingRegistrar();
        server = new IndiServer(IndiSettings.defaults("localhost", PORT)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3)),
                registrar);
        server.start();
        awaitTrue("the telescope connected", Duration.ofSeconds(20), () -> registrar.byId("indi-telescope-simulator") != null
                && registrar.byId("indi-telescope-simulator").device().connectionState() == ConnectionState.CONNECTED);
        mount = (IndiMount) registrar.byId("indi-telescope-simulator").device();
        awaitTrue("TELESCOPE_PIER_SIDE and GEOGRAPHIC_COORD defined", Duration.ofSeconds(15),
                () -> mount.property("TELESCOPE_PIER_SIDE") != null && mount.site() != null);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (indi != null) {
            indi.close();
        }
    }

    /** The right ascension at this hour angle now, at the simulator's site. */
    private static double raAtHourAngle(double hours) {
        return Sidereal.hours(Sidereal.localHours(Instant.now(), mount.site().longitudeDegrees()) - hours);
    }

    @Test
    @Order(1)
    void pierSideIsReportedAndChangesWhenASlewCrossesTheMeridian() throws Exception {
        get(mount.slew(raAtHourAngle(-1), 20), 60);
        assertEquals(PierSide.WEST, mount.pierSide(), "east of the meridian: tube west of the pier");
        assertEquals("west", mount.values().get(Offsets.PIER_SIDE));
        get(mount.slew(raAtHourAngle(1), 20), 60);
        awaitTrue("the pier side turns east past the meridian", Duration.ofSeconds(5),
                () -> mount.pierSide() == PierSide.EAST);
        assertEquals("east", mount.values().get(Offsets.PIER_SIDE));
    }

    @Test
    @Order(2)
    void syncMovesTheReportedPositionAndLeavesOnCoordSetAtTrack() throws Exception {
        double ra = Sidereal.hours(mount.rightAscension() + 0.05);
        double dec = mount.declination() + 0.5;
        get(mount.sync(ra, dec), 30);
        assertTrue(Angles.separationDegrees(mount.rightAscension(), mount.declination(), ra, dec) < 0.01,
                "after the sync the mount reports RA " + mount.rightAscension() + " Dec " + mount.declination()
                        + ", synced to " + ra + " " + dec);
        assertTrue(mount.property("ON_COORD_SET").on("TRACK"), "back to TRACK, so the next slew slews");
        assertTrue(mount.tracking());
    }

    @Test
    @Order(3)
    void anOffsetMovesByTheAskedAmount() throws Exception {
        double ra0 = mount.rightAscension();
        double dec0 = mount.declination();
        double[] expected = Offsets.shifted(ra0, dec0, 60, -45);
        get(mount.moveOffset(60, -45), 60);
        double missArcsec = Angles.separationDegrees(mount.rightAscension(), mount.declination(), expected[0],
                expected[1]) * 3600;
        double movedArcsec = Angles.separationDegrees(ra0, dec0, mount.rightAscension(), mount.declination()) * 3600;
        assertTrue(missArcsec < 10, "the mount is " + missArcsec + "\" from where 60\" east, 45\" south should be"
                + " (moved " + movedArcsec + "\")");
        assertEquals(75, movedArcsec, 10);
        assertEquals(60.0, mount.values().get(Offsets.OFFSET_RA));
        assertEquals(-45.0, mount.values().get(Offsets.OFFSET_DEC));
        assertTrue(mount.tracking(), "keeps tracking");
    }
}
