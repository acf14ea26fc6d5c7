/**
 * The night's logic of the sequence layer (private): target steps as data ({@link
 * org.orrery.core.sequence.internal.night.TargetSpec}), their constraints against the sky, the
 * planner that picks a target, and the preview of a night. Pure code, no threads: the runner
 * and the preview call it with a {@link org.orrery.core.sequence.internal.night.SkyView} and a
 * time.
 */
package org.orrery.core.sequence.internal.night;
