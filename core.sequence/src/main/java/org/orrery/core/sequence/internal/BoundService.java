package org.orrery.core.sequence.internal;

import java.util.function.Supplier;

import org.osgi.service.component.ComponentServiceObjects;

/**
 * An optional service bound by reference and got on its first use (DS activates it then, not
 * because the manager started), or an object set at hand (tests). When its service goes, SCR gives
 * back what was got; the next use after a new one is bound gets that one.
 */
final class BoundService<T> implements Supplier<T> {

    private ComponentServiceObjects<T> objects;
    private volatile T got;

    synchronized void bind(ComponentServiceObjects<T> bound) {
        objects = bound;
        got = null;
    }

    synchronized void unbind(ComponentServiceObjects<T> bound) {
        if (objects == bound) {
            objects = null;
            got = null;
        }
    }

    /** An object at hand instead of a bound service. */
    synchronized void set(T value) {
        objects = null;
        got = value;
    }

    /** The service, got on the first call since it was bound; null without one. */
    @Override
    public T get() {
        T v = got;
        if (v != null) {
            return v;
        }
        synchronized (this) {
            if (got == null && objects != null) {
                got = objects.getService();
            }
            return got;
        }
    }
}
