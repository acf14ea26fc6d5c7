/**
 * Sequences and workflows (seed 000's SequenceManager and TaskGenerator, seed 004's workflows):
 * one document, a tree of steps in three areas ({@code start}, {@code main}, {@code end}), run
 * step by step on the {@link org.orrery.task.Scheduler} and kept durably. {@link SequenceManager}
 * is the service; {@link StepType} lets bundles add step types; {@link SequenceStore} and
 * {@link TargetStore} are the storage SPIs; {@link SequenceEvent} is what changes post.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.orrery.sequence;
