package org.orrery.astro.sky.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.orrery.sky.CatalogObject;

class CatalogTest {

    private static final CatalogComponent CATALOG = new CatalogComponent();
    private static final Set<String> KINDS = Set.of("galaxy", "galaxy_group", "open_cluster", "globular_cluster",
            "nebula", "dark_nebula", "planetary_nebula", "supernova_remnant", "star", "double_star", "asterism", "other");
    private static final Pattern CONSTELLATION = Pattern.compile("[A-Z][A-Za-z]{2}");

    @Test
    void everyWayOfWritingM42FindsIt() {
        for (String name : List.of("M42", "m 42", "Messier 42", "messier42", "M 042", "NGC1976", "ngc 1976", "NGC 1976",
                "Orion Nebula", "orion nebula", "  M  42 ")) {
            assertEquals("M 42", CATALOG.find(name).map(CatalogObject::name).orElse(null), name);
        }
    }

    @Test
    void holdsEveryMessierObjectAndMoreThan150NgcAndIcObjects() {
        for (int m = 1; m <= 110; m++) {
            assertTrue(CATALOG.find("M " + m).isPresent(), "M " + m);
        }
        long ngcIc = CATALOG.objects().stream().filter(o -> o.name().startsWith("NGC ") || o.name().startsWith("IC "))
                .count();
        assertTrue(ngcIc >= 150, ngcIc + " NGC and IC objects");
        assertEquals(110 + ngcIc, CATALOG.size());
    }

    @Test
    void knownObjectsHaveTheirFacts() {
        CatalogObject m31 = CATALOG.find("Andromeda Galaxy").orElseThrow();
        assertEquals("M 31", m31.name());
        assertTrue(m31.aliases().contains("NGC 224"));
        assertEquals("galaxy", m31.kind());
        assertEquals("And", m31.constellation());
        // OpenNGC: NGC0224 00:42:44.35 +41:16:08.6
        assertEquals(0 + 42 / 60.0 + 44.35 / 3600, m31.j2000().raHours(), 1e-6);
        assertEquals(41 + 16 / 60.0 + 8.6 / 3600, m31.j2000().decDegrees(), 1e-5);
        assertEquals("NGC 7000", CATALOG.find("north america nebula").orElseThrow().name());
        assertEquals("M 45", CATALOG.find("Pleiades").orElseThrow().name());
        assertEquals("IC 434", CATALOG.find("ic434").orElseThrow().name());
        assertEquals("NGC 5139", CATALOG.find("Omega Centauri").orElseThrow().name());
        assertFalse(CATALOG.find("M 111").isPresent());
        assertFalse(CATALOG.find("").isPresent());
        assertFalse(CATALOG.find(null).isPresent());
    }

    @Test
    void everyEntryIsValidAndEveryNameUnique() {
        Set<String> keys = new HashSet<>();
        for (CatalogObject o : CATALOG.objects()) {
            assertTrue(KINDS.contains(o.kind()), o.name() + " kind " + o.kind());
            assertNotNull(o.j2000(), o.name());
            assertTrue(o.magnitude() == null || (o.magnitude() > -2 && o.magnitude() < 16), o.name());
            assertTrue(o.constellation() != null && CONSTELLATION.matcher(o.constellation()).matches(), o.name());
            assertTrue(keys.add(Names.key(o.name())), "duplicate " + o.name());
            for (String alias : o.aliases()) {
                assertTrue(keys.add(Names.key(alias)), "duplicate " + alias + " of " + o.name());
            }
        }
    }

    @Test
    void searchFindsExactThenPrefixThenContained() {
        List<CatalogObject> m1 = CATALOG.search("M1", 5);
        assertEquals("M 1", m1.get(0).name());
        assertEquals(5, m1.size());
        assertTrue(m1.stream().skip(1).allMatch(o -> o.name().startsWith("M 1")), m1.toString());

        List<CatalogObject> nebulae = CATALOG.search("nebula", 100);
        assertTrue(nebulae.size() > 20);
        assertTrue(nebulae.stream().anyMatch(o -> o.name().equals("M 42")));
        assertEquals(List.of(), CATALOG.search("no such thing", 10));
        assertEquals(List.of(), CATALOG.search("M 42", 0));
        assertEquals("M 31", CATALOG.search("andromeda", 3).get(0).name());
    }
}
