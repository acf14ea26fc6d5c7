/**
 * Agents (seed 004): workers with an identity, a type, capabilities and a concurrency limit that
 * run the tasks naming a {@link org.orrery.task.TaskSpec#capability() capability} or an
 * {@link org.orrery.task.TaskSpec#assignedTo() agent}. A local agent is a DS service
 * ({@link Agent}) of a bundle, installed and removed at run time like a driver; a remote agent is a
 * process anywhere that registers through {@link Agents#register} (the REST API's
 * {@code POST /api/v1/agents}), long-polls for work with {@link Agents#claim} and holds each task
 * by a {@link Lease} it renews.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.orrery.agent;
