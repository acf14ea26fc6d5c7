package org.orrery.web.api.internal;

import java.util.function.Supplier;

/**
 * A service got on its first use and kept: a servlet binds a {@code ComponentServiceObjects}
 * and asks for the object only when a request needs it, so DS does not activate the service (and
 * what it references) because the HTTP whiteboard initialised the servlet at start.
 */
final class FirstUse<T> implements Supplier<T> {

    private final Supplier<T> source;
    private volatile T value;

    FirstUse(Supplier<T> source) {
        this.source = source;
    }

    /** The service, got on the first call; null while its registry cannot give it (it is going away). */
    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = source.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
