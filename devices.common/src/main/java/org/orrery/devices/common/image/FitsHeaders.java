package org.orrery.devices.common.image;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.orrery.device.Frame;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.Texts;

/**
 * The header cards of a frame's FITS file: the standard keywords astronomers' tools read
 * (INSTRUMENTS.md), from the frame and from what the other devices said at the exposure start,
 * then the frame's own headers (a driver's values win over the computed ones, except for the
 * keywords that describe the data, which the writer owns).
 */
public final class FitsHeaders {

    /** One header card: an 8-character keyword, a String, Number or Boolean value, a comment. */
    public record Card(String keyword, Object value, String comment) {
    }

    /**
     * What was known at the exposure start; every part may be null (not known, no such device).
     *
     * @param object the OBJECT name
     * @param instrument camera name (INSTRUME)
     * @param telescope mount or microscope name (TELESCOP)
     * @param ccdTemperature sensor temperature in °C
     * @param pixelSizeMicrons unbinned pixel pitch
     * @param filter the filter in the light path
     * @param focusPosition focuser position in steps
     * @param focusTemperature focuser temperature in °C
     * @param raHours mount right ascension (JNow)
     * @param decDegrees mount declination (JNow)
     * @param site the observing site
     * @param extra more cards (e.g. a microscope stage's position), in order
     */
    public record Observation(String object, String instrument, String telescope, Double ccdTemperature,
            Double pixelSizeMicrons, String filter, Integer focusPosition, Double focusTemperature, Double raHours,
            Double decDegrees, Mount.Site site, List<Card> extra) {

        static Observation none() {
            return new Observation(null, null, null, null, null, null, null, null, null, null, null, List.of());
        }
    }

    /** Keywords that describe the data: only the writer sets them. */
    public static final Set<String> RESERVED = Set.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "NAXIS3", "EXTEND",
            "BZERO", "BSCALE", "BLANK", "END", "CHECKSUM", "DATASUM", "PCOUNT", "GCOUNT", "XTENSION", "COMMENT",
            "HISTORY", "CONTINUE", "LONGSTRN");

    private static final Pattern KEYWORD = Pattern.compile("[A-Z0-9_-]{1,8}");
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Longest string value that fits one card with its quotes and the "KEYWORD = " prefix. */
    public static final int MAX_STRING = 68;

    private FitsHeaders() {
    }

    public static String isoMillis(Instant t) {
        return ISO_MILLIS.format(t);
    }

    /** Cards Orrery knows better than a camera's driver: from the task, the mount, the focuser, the wheel, the site. */
    static final java.util.Set<String> FROM_TASK_AND_OTHER_DEVICES = java.util.Set.of("OBJECT", "IMAGETYP", "FILTER",
            "FOCUSPOS", "FOCTEMP", "RA", "DEC", "OBJCTRA", "OBJCTDEC", "SITELAT", "SITELONG", "SITEELEV", "TELESCOP");

    /** Cards that say which frame the driver's coordinates are in; dropped when Orrery writes the mount's own. */
    static final java.util.Set<String> POINTING_FRAME = java.util.Set.of("EQUINOX", "EPOCH", "RADESYS", "RADECSYS", "OBJCTEQX");

    /** The cards for a frame, in the order they are written. Invalid or unrepresentable values are left out. */
    public static List<Card> cards(Frame frame, Observation o, Instant written) {
        Map<String, Card> cards = new LinkedHashMap<>();
        put(cards, "DATE-OBS", isoMillis(frame.startedAt()), "UTC start of the exposure");
        put(cards, "DATE", isoMillis(written), "UTC time the file was written");
        put(cards, "EXPTIME", frame.settings().seconds(), "[s] exposure time");
        put(cards, "EXPOSURE", frame.settings().seconds(), "[s] exposure time");
        put(cards, "IMAGETYP", frame.settings().frameType().imageType(), "type of frame");
        put(cards, "OBJECT", o.object(), "name of the object observed");
        put(cards, "XBINNING", frame.settings().binX(), "binning factor along the rows");
        put(cards, "YBINNING", frame.settings().binY(), "binning factor along the columns");
        put(cards, "GAIN", frame.settings().gain(), "camera gain setting");
        put(cards, "OFFSET", frame.settings().offset(), "camera offset setting");
        put(cards, "CCD-TEMP", o.ccdTemperature(), "[C] sensor temperature");
        if (o.pixelSizeMicrons() != null) {
            put(cards, "XPIXSZ", o.pixelSizeMicrons() * frame.settings().binX(), "[um] pixel width, binned");
            put(cards, "YPIXSZ", o.pixelSizeMicrons() * frame.settings().binY(), "[um] pixel height, binned");
        }
        put(cards, "FILTER", o.filter(), "filter in the light path");
        put(cards, "FOCUSPOS", o.focusPosition(), "[step] focuser position");
        put(cards, "FOCTEMP", o.focusTemperature(), "[C] focuser temperature");
        if (o.raHours() != null && o.decDegrees() != null) {
            put(cards, "RA", o.raHours() * 15, "[deg] mount right ascension (JNow)");
            put(cards, "DEC", o.decDegrees(), "[deg] mount declination (JNow)");
            put(cards, "OBJCTRA", Texts.sexagesimalHours(o.raHours()), "[h m s] mount right ascension (JNow)");
            put(cards, "OBJCTDEC", Texts.sexagesimalDegrees(o.decDegrees()), "[d m s] mount declination (JNow)");
        }
        if (o.site() != null) {
            put(cards, "SITELAT", o.site().latitudeDegrees(), "[deg] site latitude, north positive");
            put(cards, "SITELONG", o.site().longitudeDegrees(), "[deg] site longitude, east positive");
            put(cards, "SITEELEV", o.site().elevationMeters(), "[m] site elevation");
        }
        put(cards, "INSTRUME", o.instrument(), "camera");
        put(cards, "TELESCOP", o.telescope(), "telescope or microscope");
        for (Card c : o.extra()) {
            put(cards, c.keyword(), c.value(), c.comment());
        }
        put(cards, "ROWORDER", "TOP-DOWN", "first row is the top of the image");
        put(cards, "SWCREATE", "Orrery", "software that wrote the file");
        // The camera's driver knows the camera best (its temperature during the exposure, pixel size), so
        // its cards win there; what comes from the task and the other devices is Orrery's (an INDI camera
        // writes OBJECT 'Unknown', the filter of a wheel it watches, and J2000 coordinates), and the
        // driver's equinox must not sit beside the mount's JNow coordinates.
        boolean pointing = cards.containsKey("RA");
        for (Map.Entry<String, Object> h : frame.headers().entrySet()) {
            String keyword = h.getKey() == null ? "" : h.getKey().trim().toUpperCase(Locale.ROOT);
            if ((cards.containsKey(keyword) && FROM_TASK_AND_OTHER_DEVICES.contains(keyword))
                    || (pointing && POINTING_FRAME.contains(keyword))) {
                continue;
            }
            Card old = cards.get(keyword);
            put(cards, keyword, h.getValue(), old == null ? "from the driver" : old.comment());
        }
        return new ArrayList<>(cards.values());
    }

    /**
     * The cards with more computed ones (the frame's measured HFR and star count): each replaces a
     * card of its keyword, or is added at the end; a card without a representable value removes it.
     */
    public static List<Card> with(List<Card> cards, Card... more) {
        Map<String, Card> all = new LinkedHashMap<>();
        for (Card c : cards) {
            all.put(c.keyword(), c);
        }
        for (Card c : more) {
            all.remove(c.keyword());
            put(all, c.keyword(), c.value(), c.comment());
        }
        return new ArrayList<>(all.values());
    }

    private static void put(Map<String, Card> cards, String keyword, Object value, String comment) {
        Object v = representable(value);
        if (v == null || !KEYWORD.matcher(keyword).matches() || RESERVED.contains(keyword)) {
            return;
        }
        cards.put(keyword, new Card(keyword, v, comment));
    }

    /** The value as FITS can hold it (printable ASCII strings of at most 68 characters, finite numbers), or null. */
    public static Object representable(Object value) {
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_STRING));
            for (int i = 0; i < s.length() && b.length() < MAX_STRING; i++) {
                char c = s.charAt(i);
                b.append(c >= 0x20 && c <= 0x7e ? c : (c == '°' ? 'd' : '?'));
            }
            return b.toString().stripTrailing();
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f.doubleValue() : null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Boolean) {
            return value;
        }
        return null;
    }
}
