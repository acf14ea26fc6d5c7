package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.devices.camera.internal.FocusCurve.Point;

class FocusCurveTest {

    /**
     * A V-curve measured by the runtime's simulators (an e2e run that landed 84 steps off): far from focus the
     * stars are few and faint, their HFR stops growing (3.76, 3.62, 3.63), and those flat shoulder points pulled
     * the hyperbola's centre towards them.
     */
    private static final List<Point> MEASURED = List.of(new Point(23800, 3.76), new Point(24000, 3.62),
            new Point(24200, 3.63), new Point(24400, 2.93), new Point(24600, 2.16), new Point(24800, 1.67),
            new Point(25000, 1.48), new Point(25200, 1.71), new Point(25400, 2.11));

    @Test
    void theFlatShouldersOfACurveAreLeftOutOfTheFit() throws Exception {
        FocusCurve.Fit fit = FocusCurve.fit(FocusCurve.HYPERBOLA, MEASURED);
        assertTrue(Math.abs(fit.best() - 25_000) <= 50, "best " + fit.best());
        FocusCurve.Fit parabola = FocusCurve.fit(FocusCurve.PARABOLA, MEASURED);
        assertTrue(Math.abs(parabola.best() - 25_000) <= 60, "best " + parabola.best());
    }

    @Test
    void pointsThatRiseAllTheWayOutAreAllKept() {
        List<Point> clean = List.of(new Point(100, 4.0), new Point(200, 3.0), new Point(300, 2.0), new Point(400, 3.0),
                new Point(500, 4.0));
        assertEquals(clean, FocusCurve.rising(clean));
        List<Point> shoulder = List.of(new Point(100, 3.1), new Point(200, 3.2), new Point(300, 2.0),
                new Point(400, 1.0), new Point(500, 2.0), new Point(600, 3.0));
        assertEquals(shoulder.subList(1, 6), FocusCurve.rising(shoulder), "the point past the shoulder is left out");
    }
}
