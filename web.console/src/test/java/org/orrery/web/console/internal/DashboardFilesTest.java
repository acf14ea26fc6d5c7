package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DashboardFilesTest {

    @Test
    void onlyPlainNamesWithAKnownTypeAreServed() {
        for (String ok : new String[] {"index.html", "js/app.js", "js/views/live.js", "css/orrery.css",
                "vendor/uplot/uPlot.esm.js", "orrery.svg"}) {
            assertTrue(DashboardFiles.isServable(ok), ok);
        }
        for (String bad : new String[] {"", "../x.js", "js/../../x.js", "js/..", ".hidden.js", "js/.x.js", "/etc/passwd",
                "js//app.js", "js\\app.js", "a b.js", "x.js\u0000.html", "OSGI-INF/x.xml", "META-INF/MANIFEST.MF",
                "vendor/uplot/LICENSE", "js/app.js%2e", "é.js", "x.class"}) {
            assertFalse(DashboardFiles.isServable(bad), bad);
        }
    }

    @Test
    void typesAreThoseABrowserRunsAsModulesAndStylesheets() {
        assertEquals("text/javascript;charset=utf-8", DashboardFiles.contentType("js/app.js"));
        assertEquals("text/css;charset=utf-8", DashboardFiles.contentType("css/orrery.css"));
        assertEquals("text/html;charset=utf-8", DashboardFiles.contentType("index.html"));
    }

    @Test
    void anEchoedNameIsPrintableAsciiAndShort() {
        assertEquals("a?b.js", DashboardFiles.printable("a\nb.js"));
        assertEquals(201, DashboardFiles.printable("x".repeat(500)).length());
    }
}
