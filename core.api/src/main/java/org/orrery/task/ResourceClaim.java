package org.orrery.task;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A resource a task needs while it runs: a device, a folder, an external service. Claims are
 * taken all together or not at all, and always given back.
 *
 * @param name what is claimed, e.g. {@code device:camera-main}
 * @param type seed 003's kind of resource ({@link Type#CUSTOM} when not given); it describes the
 *        resource and does not change how it is shared
 * @param mode {@code READ} shares the resource with other readers (up to its capacity, when one is
 *        configured; without, any number of readers); {@code WRITE} and {@code EXCLUSIVE} take it alone
 * @param amount how many units of the resource's capacity a shared claim uses (at least 1)
 */
public record ResourceClaim(String name, Type type, Mode mode, int amount) {

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

    /** Seed 003's {@code ResourceType}s. */
    public enum Type {
        CPU, MEMORY, GPU, DISK, NETWORK, DATABASE, FILE, EXTERNAL_API, CUSTOM;

        /** The lower-case name: {@code external_api}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every type's {@link #id()}, in order. */
        public static List<String> ids() {
            return Arrays.stream(values()).map(Type::id).toList();
        }

        /**
         * The type of an id, whatever its case.
         *
         * @throws IllegalArgumentException naming the allowed ids
         */
        public static Type parse(String text) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown resource type '" + text + "': expected one of " + String.join(", ", ids()));
        }
    }

    public ResourceClaim {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a resource claim needs a name");
        }
        type = type == null ? Type.CUSTOM : type;
        mode = mode == null ? Mode.EXCLUSIVE : mode;
        if (amount < 1) {
            throw new IllegalArgumentException("resource '" + name + "': amount must be at least 1, was " + amount);
        }
    }

    /** A claim of type {@link Type#CUSTOM}. */
    public ResourceClaim(String name, Mode mode, int amount) {
        this(name, Type.CUSTOM, mode, amount);
    }

    public static ResourceClaim exclusive(String name) {
        return new ResourceClaim(name, Mode.EXCLUSIVE, 1);
    }

    public static ResourceClaim shared(String name) {
        return new ResourceClaim(name, Mode.READ, 1);
    }
}
