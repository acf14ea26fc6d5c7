package org.example.dewmonitor.internal;

import org.orrery.device.SafetyMonitor;

/**
 * A dew monitor as this bundle's actions see it: a {@link SafetyMonitor} (Orrery's device type for
 * "is it safe to observe") that also tells the conditions behind its judgement and, being
 * simulated, lets them be set. Private to the bundle: other bundles see the SafetyMonitor.
 */
interface DewMonitor extends SafetyMonitor {

    /** The conditions now. */
    Conditions conditions();

    /** The smallest spread between air temperature and dew point that is still safe, °C. */
    double marginCelsius();

    /** Sets what the simulated sensor measures from now on. */
    void simulate(Conditions conditions);
}
