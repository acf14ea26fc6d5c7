package org.orrery.task;

/**
 * An installed action, as listed for people and the REST API.
 *
 * @param name its name
 * @param description what it does
 * @param parameterSchema the JSON schema of its parameters
 * @param safeToRerun whether it may run again after a crash
 * @param bundle the symbolic name of the bundle that provides it
 */
public record ActionInfo(String name, String description, String parameterSchema, boolean safeToRerun, String bundle) {
}
