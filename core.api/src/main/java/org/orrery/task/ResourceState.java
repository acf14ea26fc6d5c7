package org.orrery.task;

import java.util.List;
import java.util.Objects;

/**
 * One resource as the scheduler sees it now ({@link Scheduler#resources()}): who holds it and
 * who waits for it.
 *
 * @param name the resource's name, as claimed
 * @param type the type its claims give (the first holder's, else the first waiter's;
 *        {@link ResourceClaim.Type#CUSTOM} when they give none)
 * @param capacity how many units {@code READ} claims may hold together, as configured; null when
 *        none is configured: then any number of readers share it
 * @param used the units {@code READ} claims hold now (0 while a writer holds it)
 * @param holders the running tasks that hold it, in the order they took it
 * @param waiting the ids of the ready tasks that claim it, in the order they would start
 */
public record ResourceState(String name, ResourceClaim.Type type, Integer capacity, int used, List<Holder> holders,
        List<String> waiting) {

    /**
     * A running task's claim on the resource.
     *
     * @param taskId the task
     * @param mode its claim's mode
     * @param amount its claim's units
     */
    public record Holder(String taskId, ResourceClaim.Mode mode, int amount) {
        public Holder {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(mode, "mode");
        }
    }

    public ResourceState {
        Objects.requireNonNull(name, "name");
        type = type == null ? ResourceClaim.Type.CUSTOM : type;
        holders = List.copyOf(holders);
        waiting = List.copyOf(waiting);
    }
}
