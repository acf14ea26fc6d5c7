package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A new home comes with simulated instruments, so a sample sequence runs without hardware: one
 * factory configuration each for the simulated camera, mount, focuser, filter wheel, safety monitor
 * (safe until its schedule says otherwise) and microscope,
 * written into {@code etc/} once, when the home is created. They are ordinary configurations: edit
 * them in the Web Console, or delete them (file or console) to remove a simulator for good.
 */
final class SimulatedInstruments {

    static final String FACTORY = "org.orrery.devices.simulator.";

    /** File name (factory PID, '-', instance name) and contents. */
    record Instrument(String file, String contents) {
    }

    static final String HEADER = """
            # A simulated instrument, configured when this Orrery home was created.
            # Edit it here or in the Web Console (Configuration); delete this file to remove it.
            """;

    static final List<Instrument> DEFAULTS = List.of(
            new Instrument(FACTORY + "camera-sim.cfg", HEADER + """
                    device.id=sim-camera
                    name=Simulated camera
                    mount.id=sim-mount
                    focuser.id=sim-focuser
                    filterwheel.id=sim-filterwheel
                    """),
            new Instrument(FACTORY + "mount-sim.cfg", HEADER + """
                    device.id=sim-mount
                    name=Simulated mount
                    """),
            new Instrument(FACTORY + "focuser-sim.cfg", HEADER + """
                    device.id=sim-focuser
                    name=Simulated focuser
                    """),
            new Instrument(FACTORY + "filterwheel-sim.cfg", HEADER + """
                    device.id=sim-filterwheel
                    name=Simulated filter wheel
                    filters=L,R,G,B,Ha,OIII,SII
                    """),
            new Instrument(FACTORY + "safety-sim.cfg", HEADER + """
                    # Safe until a schedule says otherwise, e.g.
                    # schedule=2026-12-05T23:00:00Z unsafe rain; 2026-12-06T01:00:00Z safe
                    device.id=sim-safety
                    name=Simulated safety monitor
                    """),
            new Instrument(FACTORY + "microscope-sim.cfg", HEADER + """
                    device.id=sim-microscope
                    name=Simulated microscope
                    """));

    private SimulatedInstruments() {
    }

    /** Writes the simulators' configurations into a new home's {@code etc/}; an existing file is kept. */
    static void configure(Path etc) throws IOException {
        for (Instrument instrument : DEFAULTS) {
            Path file = etc.resolve(instrument.file());
            if (!Files.exists(file)) {
                Files.writeString(file, instrument.contents(), StandardCharsets.UTF_8);
            }
        }
    }
}
