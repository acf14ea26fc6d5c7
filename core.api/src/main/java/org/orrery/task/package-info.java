/**
 * The task model and the contracts of Orrery's scheduler: what a task is ({@link TaskSpec},
 * {@link TaskRecord}, {@link TaskStatus}), what runs it ({@link Action}, provided by bundles as
 * DS services), the {@link Scheduler} service that runs tasks, the {@link TaskStore} it keeps
 * them in, and the {@link TaskEvent}s it posts (to Event Admin, and directly to each
 * {@link TaskEventListener}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.6.0")
package org.orrery.task;
