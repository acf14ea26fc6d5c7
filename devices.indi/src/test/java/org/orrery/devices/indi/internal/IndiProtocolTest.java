package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import javax.xml.stream.XMLStreamException;

import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsOutputStream;

import org.junit.jupiter.api.Test;
import org.orrery.devices.common.sky.Angles;

/** The protocol pieces without a server: parsing, writing, FITS decoding, ids. */
class IndiProtocolTest {

    private static List<IndiEvent> parse(String stream) throws XMLStreamException {
        List<IndiEvent> events = new ArrayList<>();
        IndiParser.parse(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), events::add);
        return events;
    }

    @Test
    void parsesAnEndlessStreamOfTopLevelElementsAndTrimsValues() throws Exception {
        List<IndiEvent> events = parse("""
                <defNumberVector device="CCD Simulator" name="CCD_GAIN" label="Gain" group="Main Control" state="Idle"
                    perm="rw" timeout="60" timestamp="2026-11-23T07:53:10">
                  <defNumber name="GAIN" label="value" format="%.f" min="0" max="100" step="1">
                      90
                  </defNumber>
                </defNumberVector>
                <setNumberVector device="CCD Simulator" name="CCD_GAIN" state="Alert" timeout="60"
                    timestamp="2026-11-23T07:53:10" message="Error: Invalid range for value (GAIN). Valid range is from 0 to 100. Requested value is 120">
                  <oneNumber name="GAIN">
                      90
                  </oneNumber>
                </setNumberVector>
                <message device="Telescope Simulator" timestamp="2026-11-23T07:54:04" message="[WARNING] Please unpark the mount before issuing any motion/sync commands." />
                <delProperty device="CCD Simulator" name="CCD_GAIN"/>
                <delProperty device="Focuser Simulator"/>
                <unknownThing><nested/></unknownThing>
                <defSwitchVector device="Focuser Simulator" name="Goto" label="Goto" state="Idle" perm="rw" rule="AtMostOne" timeout="0">
                  <defSwitch name="Preset 1" label="Preset 1"> Off </defSwitch>
                </defSwitchVector>
                """);
        assertEquals(7, events.size(), events.toString());
        IndiVector def = assertInstanceOf(IndiEvent.Define.class, events.get(0)).vector();
        assertEquals(IndiKind.NUMBER, def.kind());
        assertEquals("90", def.text("GAIN"));
        assertEquals(0, def.element("GAIN").min());
        assertEquals(100, def.element("GAIN").max());
        assertEquals("Main Control", def.group());
        IndiVector set = assertInstanceOf(IndiEvent.Update.class, events.get(1)).vector();
        assertEquals(IndiState.ALERT, set.state());
        assertEquals(90, set.number("GAIN"));
        IndiEvent.Message alert = assertInstanceOf(IndiEvent.Message.class, events.get(2));
        assertTrue(alert.text().contains("Valid range is from 0 to 100"));
        IndiEvent.Message warning = assertInstanceOf(IndiEvent.Message.class, events.get(3));
        assertEquals("Telescope Simulator", warning.device());
        assertEquals("CCD_GAIN", assertInstanceOf(IndiEvent.Delete.class, events.get(4)).name());
        assertNull(assertInstanceOf(IndiEvent.Delete.class, events.get(5)).name());
        IndiVector sw = assertInstanceOf(IndiEvent.Define.class, events.get(6)).vector();
        assertEquals("Off", sw.text("Preset 1"));
    }

    @Test
    void aSetUpdatesOnlyTheElementsItNames() throws Exception {
        List<IndiEvent> events = parse("""
                <defNumberVector device="d" name="EQUATORIAL_EOD_COORD" state="Idle" perm="rw">
                  <defNumber name="RA" min="0" max="24">6.03</defNumber><defNumber name="DEC" min="-90" max="90">90</defNumber>
                </defNumberVector>
                <setNumberVector device="d" name="EQUATORIAL_EOD_COORD" state="Busy"><oneNumber name="DEC">88.5</oneNumber></setNumberVector>
                """);
        IndiVector def = ((IndiEvent.Define) events.get(0)).vector().withSeq(1);
        IndiVector merged = def.updatedBy(((IndiEvent.Update) events.get(1)).vector(), 2);
        assertEquals(6.03, merged.number("RA"));
        assertEquals(88.5, merged.number("DEC"));
        assertEquals(-90, merged.element("DEC").min());
        assertEquals(IndiState.BUSY, merged.state());
        assertEquals(2, merged.seq());
        assertEquals(-5.39, IndiElement.parseNumber("-5:23:24"), 1e-9);
    }

    @Test
    void decodesBase64BlobsAndZlibCompressedFits() throws Exception {
        byte[] fits = smallFits();
        Deflater deflater = new Deflater();
        deflater.setInput(fits);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        String b64 = Base64.getMimeEncoder(72, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(z.toByteArray());
        List<IndiEvent> events = parse("<setBLOBVector device=\"CCD Simulator\" name=\"CCD1\" state=\"Ok\">\n"
                + "  <oneBLOB name=\"CCD1\" size=\"" + fits.length + "\" format=\".fits.z\" len=\"" + z.size() + "\">\n"
                + b64 + "\n  </oneBLOB>\n</setBLOBVector>");
        IndiEvent.Blob blob = assertInstanceOf(IndiEvent.Blob.class, events.get(0));
        IndiEvent.BlobData data = blob.blobs().get(0);
        assertEquals(".fits.z", data.format());
        byte[] inflated = FitsDecoder.fitsBytes(data);
        assertArrayEquals(fits, inflated);
        FitsDecoder.Image image = FitsDecoder.decode(inflated);
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertArrayEquals(new int[] {0, 1, 2, 65535, 32768, 1000}, image.pixels());
        assertEquals("Test CCD", image.headers().get("INSTRUME"));
        assertEquals(1.5, image.headers().get("EXPTIME"));
        assertEquals(2L, image.headers().get("XBINNING"));
        assertTrue(image.dateObs().toString().startsWith("2026-11-23T11:15:06.794"));
        assertTrue(!image.headers().containsKey("BZERO") && !image.headers().containsKey("NAXIS1"));
    }

    @Test
    void somethingThatIsNotFitsIsRefusedWithWhatItWas() {
        IOException e = assertThrows(IOException.class,
                () -> FitsDecoder.decode("<html>not an image</html>".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("not FITS") && e.getMessage().contains("<html>"), e.getMessage());
    }

    @Test
    void writesOnlyTheGivenElementsEscaped() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("RA", IndiWriter.number(5.59));
        values.put("DEC", IndiWriter.number(-5.0));
        String xml = IndiWriter.newVector("Telescope \"A&B\"", "EQUATORIAL_EOD_COORD", IndiKind.NUMBER, values);
        assertEquals("<newNumberVector device=\"Telescope &quot;A&amp;B&quot;\" name=\"EQUATORIAL_EOD_COORD\">\n"
                + "  <oneNumber name=\"RA\">5.59</oneNumber>\n  <oneNumber name=\"DEC\">-5</oneNumber>\n"
                + "</newNumberVector>\n", xml);
        assertEquals("<getProperties version=\"1.7\"/>\n", IndiWriter.getProperties(null));
        assertEquals("<enableBLOB device=\"CCD Simulator\">Only</enableBLOB>\n",
                IndiWriter.enableBlob("CCD Simulator", "Only"));
        assertEquals("0.00001", IndiWriter.number(1e-5));
    }

    @Test
    void deviceIdsArePrefixAndSlug() {
        IndiSettings s = IndiSettings.defaults("localhost", 7624);
        assertEquals("indi-ccd-simulator", s.deviceId("CCD Simulator"));
        assertEquals("indi-zwo-ccd-asi294mc_pro", s.deviceId("ZWO CCD ASI294MC_Pro"));
        assertEquals("obs2-eqmod-mount", s.withIdPrefix("obs2-").deviceId(" EQMod Mount "));
        assertThrows(IllegalArgumentException.class, () -> s.withIdPrefix("a b"));
    }

    @Test
    void separationIsAnAngleOnTheSky() {
        assertEquals(0, Angles.separationDegrees(5.59, -5.39, 5.59, -5.39), 1e-9);
        assertEquals(15, Angles.separationDegrees(0, 0, 1, 0), 1e-9);
        assertEquals(0, Angles.separationDegrees(3, 90, 15, 90), 1e-6);
        assertEquals(2, Angles.separationDegrees(23.9, 10, 23.9, 12), 1e-9);
        assertEquals(1.5, Angles.separationDegrees(23.95, 0, 0.05, 0), 1e-9);
    }

    /** A 3×2 16-bit FITS as INDI writes them (BZERO 32768, TOP-DOWN). */
    static byte[] smallFits() throws Exception {
        short[][] data = {{-32768, -32767, -32766}, {32767, 0, (short) (1000 - 32768)}};
        ImageHDU hdu = (ImageHDU) Fits.makeHDU(data);
        hdu.addValue("BZERO", 32768, "offset");
        hdu.addValue("BSCALE", 1, "scale");
        hdu.addValue("ROWORDER", "TOP-DOWN", "Row Order");
        hdu.addValue("INSTRUME", "Test CCD", "CCD Name");
        hdu.addValue("EXPTIME", 1.5, "Total Exposure Time (s)");
        hdu.addValue("XBINNING", 2, "Binning factor in width");
        hdu.addValue("DATE-OBS", "2026-11-23T11:15:06.794", "UTC start date of observation");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fits f = new Fits(); FitsOutputStream fos = new FitsOutputStream(out)) {
            f.addHDU(hdu);
            f.write(fos);
        }
        return out.toByteArray();
    }
}
