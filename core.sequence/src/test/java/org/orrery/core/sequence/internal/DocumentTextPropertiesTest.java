package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceValidationException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DocumentTextPropertiesTest {

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> strings = Arbitraries.oneOf(
                Arbitraries.of("10", "-3", "+1", "1e3", ".5", ".inf", ".nan", "0x1F", "0o17", "1_000", "yes", "no", "on",
                        "off", "true", "False", "null", "~", "", " ", " a", "a ", "#x", "a: b", "- x", "[1]", "{a: 1}", "*a",
                        "&a", "!tag", "%x", "@x", "`x", "'q'", "\"q\"", "a\nb", "\t", "ä € 😀", "${x}", "$${x}", "2026-12-05",
                        "2026-12-05T22:00:00Z", "12:30", "<<", "=", "?", "|", ">").map(s -> (Object) s),
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s));
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().filter(l -> l > Integer.MAX_VALUE || l < Integer.MIN_VALUE).map(l -> (Object) l),
                Arbitraries.bigDecimals().ofScale(3).map(d -> (Object) d),
                Arbitraries.of("1.50", "1E+3", "-0.0", "1e-7", "123456789012345678901234567890.5")
                        .map(s -> (Object) new BigDecimal(s)));
        Arbitrary<Object> leaves = Arbitraries.oneOf(strings, numbers, Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(strings.map(String::valueOf), inner).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m))),
                3);
    }

    @Property(tries = 400)
    void writingAndReadingGivesTheSameValueInBothFormats(@ForAll("values") Object value)
            throws SequenceValidationException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "x");
        document.put("variables", Map.of("v", value));
        for (DocumentFormat format : DocumentFormat.values()) {
            String text = DocumentText.write(document, format);
            assertEquals(document, DocumentText.parse(text, format).document(), format + ":\n" + text);
        }
    }
}
