package org.orrery.task;

import java.util.Locale;
import java.util.Objects;

/**
 * A resource a task needs while it runs: a device, a folder, an external service. Claims are
 * taken all together or not at all, and always given back.
 *
 * @param name what is claimed, e.g. {@code device:camera-main}
 * @param mode {@code READ} shares the resource with other readers (up to its capacity);
 *        {@code WRITE} and {@code EXCLUSIVE} take it alone
 * @param amount how many units of the resource's capacity a shared claim uses (at least 1)
 */
public record ResourceClaim(String name, Mode mode, int amount) {

    /** Seed 003's claim modes. */
    public enum Mode {
        READ, WRITE, EXCLUSIVE;

        public boolean exclusive() {
            return this != READ;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown resource mode '" + text + "': expected read, write or exclusive");
        }
    }

    public ResourceClaim {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a resource claim needs a name");
        }
        mode = mode == null ? Mode.EXCLUSIVE : mode;
        if (amount < 1) {
            throw new IllegalArgumentException("resource '" + name + "': amount must be at least 1, was " + amount);
        }
    }

    public static ResourceClaim exclusive(String name) {
        return new ResourceClaim(name, Mode.EXCLUSIVE, 1);
    }

    public static ResourceClaim shared(String name) {
        return new ResourceClaim(name, Mode.READ, 1);
    }
}
