/**
 * The sky over the observatory: the site, the observatory's clock, sun, moon, twilight and a
 * target's place in the sky ({@link Sky}), and names of objects ({@link Catalog}). The night's
 * logic (target constraints, the planner, astronomers' conditions) asks these services instead
 * of computing positions itself, and asks {@link SkyClock} for the time, so a test can run a
 * night in seconds.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.sky;
