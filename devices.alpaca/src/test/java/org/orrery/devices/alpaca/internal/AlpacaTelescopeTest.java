package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.alpaca.internal.TestSupport.await;
import static org.orrery.devices.alpaca.internal.TestSupport.failure;
import static org.orrery.devices.alpaca.internal.TestSupport.join;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceType;
import org.orrery.device.Mount;

class AlpacaTelescopeTest {

    private FakeAlpacaServer server;
    private AlpacaTelescope mount;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
        mount = new AlpacaTelescope(TestSupport.settings(server, AlpacaType.TELESCOPE));
        mount.start();
        await(() -> mount.connectionState() == ConnectionState.CONNECTED, mount::statusMessage);
    }

    @AfterEach
    void stop() throws Exception {
        mount.close();
        server.close();
    }

    @Test
    void connectsAndReadsPositionAndSite() {
        assertEquals(DeviceType.MOUNT, mount.type());
        assertEquals(6.0, mount.rightAscension());
        assertEquals(10.0, mount.declination());
        Mount.Site site = mount.site();
        assertNotNull(site);
        assertEquals(52.5, site.latitudeDegrees());
        assertEquals(13.4, site.longitudeDegrees());
        assertEquals(35.0, site.elevationMeters());
        assertEquals(6.0, mount.values().get("ra_hours"));
        assertEquals(false, mount.values().get("parked"));
    }

    @Test
    void slewTurnsTrackingOnWaitsForTheSlewAndReadsThePosition() throws Exception {
        server.telescope.slewMillis = 300;
        join(mount.slew(5.5, 22.25));
        assertEquals(5.5, mount.rightAscension(), 1e-9);
        assertEquals(22.25, mount.declination(), 1e-9);
        assertTrue(mount.tracking(), "SlewToCoordinatesAsync needs tracking, so the driver turned it on");
        assertFalse(mount.slewing());
        FakeAlpacaServer.Request slew = server.requests("/slewtocoordinatesasync").get(0);
        assertEquals("5.5", slew.params().get("RightAscension"));
        assertEquals("22.25", slew.params().get("Declination"));
        assertTrue(server.requests("/slewing").size() >= 2, "the driver polls slewing until the slew ends");
    }

    @Test
    void parkAndUnparkWaitForAtPark() throws Exception {
        join(mount.park());
        assertTrue(mount.parked());
        assertEquals(90.0, mount.declination(), 1e-9, "parked at the pole");
        Throwable refused = failure(mount.slew(1, 2));
        AlpacaException a = assertInstanceOf(AlpacaException.class, refused);
        assertEquals(AlpacaException.INVALID_WHILE_PARKED, a.errorNumber());
        assertTrue(a.getMessage().contains("0x408 (invalid while parked)"), a.getMessage());
        assertTrue(a.getMessage().contains("parked"), a.getMessage());
        join(mount.unpark());
        assertFalse(mount.parked());
        join(mount.slew(1, 2));
        assertEquals(1.0, mount.rightAscension(), 1e-9);
    }

    @Test
    void trackingIsSetAndReadBack() throws Exception {
        join(mount.setTracking(true));
        assertTrue(server.telescope.tracking);
        assertTrue(mount.tracking());
        join(mount.setTracking(false));
        assertFalse(server.telescope.tracking);
        assertFalse(mount.tracking());
    }

    @Test
    void coordinatesOutsideTheSkyAreRefused() throws Exception {
        Throwable e = failure(mount.slew(25, 0));
        assertInstanceOf(DeviceException.class, e);
        assertTrue(e.getMessage().contains("0 ≤ RA < 24"), e.getMessage());
        assertTrue(server.requests("/slewtocoordinatesasync").isEmpty());
    }

    @Test
    void abortStopsTheSlewAndFailsIt() throws Exception {
        server.telescope.slewMillis = 60_000;
        var slew = mount.slew(20, -30);
        await(() -> !server.requests("/slewtocoordinatesasync").isEmpty(), () -> server.requests().toString());
        mount.abort();
        Throwable e = failure(slew);
        assertTrue(e.getMessage().contains("aborted"), e.getMessage());
        assertEquals(1, server.requests("/abortslew").size());
        assertFalse(server.telescope.moving);
    }

    @Test
    void pierSideIsReadFromSideOfPierAndChangesWhenASlewCrossesTheMeridian() throws Exception {
        assertEquals(Mount.PierSide.WEST, mount.pierSide(), "sideofpier 1 is pierWest");
        assertEquals("west", mount.values().get("pier_side"));
        server.telescope.siderealTime = 6;
        join(mount.slew(5.5, 20)); // hour angle +0.5 h: past the meridian
        assertEquals(Mount.PierSide.EAST, mount.pierSide());
        join(mount.slew(6.5, 20)); // hour angle -0.5 h
        assertEquals(Mount.PierSide.WEST, mount.pierSide());
        server.telescope.hasSideOfPier = false;
        join(mount.slew(7, 20));
        assertEquals(Mount.PierSide.UNKNOWN, mount.pierSide(), "not implemented: unknown");
        assertEquals("unknown", mount.values().get("pier_side"));
    }

    @Test
    void syncSendsSyncToCoordinatesAndReadsTheNewPosition() throws Exception {
        join(mount.sync(6.25, 11.5));
        FakeAlpacaServer.Request sync = server.requests("/synctocoordinates").get(0);
        assertEquals("6.25", sync.params().get("RightAscension"));
        assertEquals("11.5", sync.params().get("Declination"));
        assertEquals(6.25, mount.rightAscension(), 1e-9);
        assertEquals(11.5, mount.declination(), 1e-9);
        join(mount.park());
        Throwable refused = failure(mount.sync(6, 10));
        assertEquals(AlpacaException.INVALID_WHILE_PARKED, assertInstanceOf(AlpacaException.class, refused).errorNumber());
    }

    @Test
    void anOffsetIsASlewToTheOffsetCoordinatesAndAddsUpUntilASlewOrSync() throws Exception {
        join(mount.slew(6, 60));
        join(mount.moveOffset(36, -18)); // 36" east at Dec 60 = 72" of RA = 4.8 s of time
        assertEquals(6 + 4.8 / 3600, mount.rightAscension(), 1e-9);
        assertEquals(60 - 18 / 3600.0, mount.declination(), 1e-9);
        join(mount.moveOffset(4, 8));
        assertEquals(40.0, mount.values().get("offset_ra_arcsec"));
        assertEquals(-10.0, mount.values().get("offset_dec_arcsec"));
        assertTrue(mount.tracking());
        assertEquals(3, server.requests("/slewtocoordinatesasync").size(), "an offset move is a slew");
        join(mount.sync(6, 60));
        assertEquals(0.0, mount.values().get("offset_ra_arcsec"), "a sync resets the offsets");
        join(mount.moveOffset(4, 8));
        join(mount.slew(6, 60));
        assertEquals(0.0, mount.values().get("offset_dec_arcsec"), "a slew resets the offsets");
    }
}
