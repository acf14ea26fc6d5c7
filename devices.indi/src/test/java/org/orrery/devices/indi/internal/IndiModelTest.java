package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The client's model of a server, fed with parsed INDI events and sequence numbers, no server. */
class IndiModelTest {

    private static final String GAIN_DEFINED = """
            <defNumberVector device="CCD Simulator" name="CCD_GAIN" label="Gain" group="Main" state="Idle" perm="rw" timeout="60">
              <defNumber name="GAIN" label="value" format="%.f" min="0" max="100" step="1">90</defNumber>
            </defNumberVector>""";

    private final IndiModel model = new IndiModel();
    private long seq;

    /** Applies what the XML parses to (one event, or two: a vector and its message); the first one's change. */
    private IndiModel.Change apply(String xml) throws Exception {
        List<IndiEvent> events = new ArrayList<>();
        IndiParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), events::add);
        List<IndiModel.Change> changes = new ArrayList<>();
        for (IndiEvent event : events) {
            changes.add(model.apply(event, ++seq));
        }
        return changes.get(0);
    }

    @Test
    void aDefinitionThenAnUpdateChangeTheVectorWithTheirSequenceNumbers() throws Exception {
        IndiModel.Change defined = apply(GAIN_DEFINED);
        assertTrue(defined.defined());
        assertEquals(1, defined.vector().seq());
        assertEquals(Set.of("CCD Simulator"), model.deviceNames());

        IndiModel.Change updated = apply("""
                <setNumberVector device="CCD Simulator" name="CCD_GAIN" state="Alert" message="out of range">
                  <oneNumber name="GAIN">90</oneNumber>
                </setNumberVector>""");
        assertFalse(updated.defined());
        IndiVector gain = model.property("CCD Simulator", "CCD_GAIN");
        assertSame(updated.vector(), gain);
        assertEquals(2, gain.seq());
        assertEquals(List.of("out of range"), model.messagesSince("CCD Simulator", 0).stream().map(IndiClient.Message::text).toList(),
                "a vector's message is the device's message too (the parser reports both)");
        assertEquals(IndiState.ALERT, gain.state());
        assertTrue(gain.alertedAfter(1), "the Alert report is kept with the vector");
        assertEquals(90.0, gain.number("GAIN"));
    }

    @Test
    void anUpdateOfAnUnknownPropertyAsksForTheDeviceAtMostOnceASecond() throws Exception {
        String update = """
                <setNumberVector device="Focuser Simulator" name="ABS_FOCUS_POSITION" state="Ok">
                  <oneNumber name="FOCUS_ABSOLUTE_POSITION">100</oneNumber>
                </setNumberVector>""";
        assertEquals("Focuser Simulator", apply(update).askDevice());
        assertNull(apply(update).askDevice(), "asked less than a second ago");
        assertNull(model.property("Focuser Simulator", "ABS_FOCUS_POSITION"));
        assertFalse(model.hasDevice("Focuser Simulator"));
    }

    @Test
    void aDeviceDeletedIsForgottenAndItsEpochMoves() throws Exception {
        apply(GAIN_DEFINED);
        assertEquals(0, model.deviceEpoch("CCD Simulator"));
        assertNull(apply("<delProperty device=\"CCD Simulator\" name=\"NO_SUCH\"/>").removedDevice());
        assertTrue(model.hasDevice("CCD Simulator"));

        IndiModel.Change removed = apply("<delProperty device=\"CCD Simulator\"/>");
        assertEquals("CCD Simulator", removed.removedDevice());
        assertFalse(model.hasDevice("CCD Simulator"));
        assertEquals(List.of(), model.properties("CCD Simulator"));
        assertEquals(1, model.deviceEpoch("CCD Simulator"));
        assertNull(apply("<delProperty device=\"CCD Simulator\"/>").removedDevice(), "already gone: no second removal");
        assertEquals(1, model.deviceEpoch("CCD Simulator"));
    }

    @Test
    void messagesAreKeptPerDeviceNewestLastAndBounded() throws Exception {
        for (int i = 1; i <= IndiModel.MAX_MESSAGES + 5; i++) {
            IndiModel.Change change = apply("<message device=\"Telescope Simulator\" message=\"m" + i + "\"/>");
            assertEquals("m" + i, change.messageText());
        }
        List<IndiClient.Message> all = model.messagesSince("Telescope Simulator", 0);
        assertEquals(IndiModel.MAX_MESSAGES, all.size());
        assertEquals("m6", all.get(0).text());
        assertEquals(List.of("m204", "m205"),
                model.messagesSince("Telescope Simulator", seq - 2).stream().map(IndiClient.Message::text).toList());
        assertEquals(List.of(), model.messagesSince("CCD Simulator", 0));
    }

    @Test
    void aLostServerForgetsDevicesAndImagesButNotMessages() throws Exception {
        apply(GAIN_DEFINED);
        apply("<message device=\"CCD Simulator\" message=\"hello\"/>");
        IndiEvent.BlobData data = new IndiEvent.BlobData("CCD1", ".fits", 3, new byte[] {1, 2, 3});
        model.blob(new IndiEvent.Blob("CCD Simulator", "CCD1", IndiState.OK, null, List.of(data)), ++seq, 42L);
        assertEquals(3, model.lastBlob("CCD Simulator", "CCD1").seq());
        assertEquals(42L, model.lastBlob("CCD Simulator", "CCD1").receivedNanos());

        model.serverLost();

        assertEquals(Set.of(), model.deviceNames());
        assertNull(model.lastBlob("CCD Simulator", "CCD1"));
        assertEquals(1, model.messagesSince("CCD Simulator", 0).size());
    }
}
