package org.orrery.devices.indi.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the endless stream of top-level INDI elements with StAX. The stream has no document
 * element, so it is read behind a synthetic {@code <indi>} root. Every value is trimmed.
 */
final class IndiParser {

    private static final XMLInputFactory FACTORY = createFactory();

    private IndiParser() {
    }

    private static XMLInputFactory createFactory() {
        // the JDK's own implementation: no service lookup through a bundle class loader
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        return f;
    }

    /**
     * Reads events until the stream ends. Returns normally when the stream ends (the synthetic root
     * is never closed, so the end of the stream is where the parser gives up); throws when the
     * stream breaks or is not INDI.
     */
    static void parse(InputStream in, Consumer<IndiEvent> sink) throws XMLStreamException {
        EofWatch watched = new EofWatch(in);
        InputStream wrapped = new SequenceInputStream(
                new ByteArrayInputStream("<indi>".getBytes(StandardCharsets.US_ASCII)), watched);
        XMLStreamReader r = FACTORY.createXMLStreamReader(wrapped, "UTF-8");
        try {
            readAll(r, sink);
        } catch (XMLStreamException e) {
            if (!watched.eof) {
                throw e;
            }
        } finally {
            r.close();
        }
    }

    private static void readAll(XMLStreamReader r, Consumer<IndiEvent> sink) throws XMLStreamException {
        while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
            // up to the synthetic root
        }
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                for (IndiEvent e : readTop(r)) {
                    sink.accept(e);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                return;
            }
        }
    }

    /** Notes when the underlying stream has ended. */
    private static final class EofWatch extends java.io.FilterInputStream {
        volatile boolean eof;

        EofWatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            eof |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            eof |= n < 0;
            return n;
        }
    }

    /** Reads one top-level element (the reader is on its start) up to its end. */
    private static List<IndiEvent> readTop(XMLStreamReader r) throws XMLStreamException {
        String tag = r.getLocalName();
        String device = attr(r, "device");
        String name = attr(r, "name");
        String message = attr(r, "message");
        String timestamp = attr(r, "timestamp");
        List<IndiEvent> out = new ArrayList<>(2);
        if (tag.equals("message")) {
            skip(r);
            if (message != null) {
                out.add(new IndiEvent.Message(device, timestamp, message));
            }
            return out;
        }
        if (tag.equals("delProperty")) {
            skip(r);
            if (device != null) {
                out.add(new IndiEvent.Delete(device, name, message));
            }
            addMessage(out, device, timestamp, message);
            return out;
        }
        IndiKind defKind = IndiKind.ofTag(tag, "def", "Vector");
        IndiKind setKind = IndiKind.ofTag(tag, "set", "Vector");
        if (device == null || name == null || (defKind == null && setKind == null)) {
            skip(r);
            return out;
        }
        IndiState state = IndiState.parse(attr(r, "state"));
        double timeout = IndiElement.parseNumber(attr(r, "timeout"));
        if (setKind == IndiKind.BLOB) {
            List<IndiEvent.BlobData> blobs = readBlobs(r);
            out.add(new IndiEvent.Blob(device, name, state, message, blobs));
            addMessage(out, device, timestamp, message);
            return out;
        }
        IndiKind kind = defKind != null ? defKind : setKind;
        String label = attr(r, "label");
        String group = attr(r, "group");
        String perm = attr(r, "perm");
        String rule = attr(r, "rule");
        Map<String, IndiElement> elements = readElements(r, kind, defKind != null ? "def" : "one");
        IndiVector vector = new IndiVector(device, name, kind, label == null ? name : label, group, perm, rule, state,
                timeout, timestamp, message, elements);
        out.add(defKind != null ? new IndiEvent.Define(vector) : new IndiEvent.Update(vector));
        addMessage(out, device, timestamp, message);
        return out;
    }

    private static void addMessage(List<IndiEvent> out, String device, String timestamp, String message) {
        if (message != null && !message.isBlank()) {
            out.add(new IndiEvent.Message(device, timestamp, message));
        }
    }

    private static Map<String, IndiElement> readElements(XMLStreamReader r, IndiKind kind, String prefix)
            throws XMLStreamException {
        Map<String, IndiElement> elements = new LinkedHashMap<>();
        String childTag = prefix + kind.tag();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals(childTag)) {
                    String n = attr(r, "name");
                    String label = attr(r, "label");
                    double min = IndiElement.parseNumber(attr(r, "min"));
                    double max = IndiElement.parseNumber(attr(r, "max"));
                    double step = IndiElement.parseNumber(attr(r, "step"));
                    String format = attr(r, "format");
                    String value = r.getElementText().trim();
                    if (n != null) {
                        elements.put(n, new IndiElement(n, label == null ? n : label, value, min, max, step, format));
                    }
                } else {
                    skip(r);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return elements;
            }
        }
        return elements;
    }

    private static List<IndiEvent.BlobData> readBlobs(XMLStreamReader r) throws XMLStreamException {
        List<IndiEvent.BlobData> blobs = new ArrayList<>(1);
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("oneBLOB")) {
                    String n = attr(r, "name");
                    String format = attr(r, "format");
                    double size = IndiElement.parseNumber(attr(r, "size"));
                    String text = r.getElementText();
                    byte[] data = Base64.getMimeDecoder().decode(text);
                    blobs.add(new IndiEvent.BlobData(n, format == null ? "" : format,
                            Double.isNaN(size) ? data.length : (long) size, data));
                } else {
                    skip(r);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return blobs;
            }
        }
        return blobs;
    }

    /** Skips to the end of the element the reader is on. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? null : v.trim();
    }
}
