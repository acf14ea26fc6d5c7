package org.orrery.devices.common.sim;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds a component's configuration annotation for a unit test: the defaults, with some values changed. */
public final class Configs {

    private Configs() {
    }

    /** {@code keys} are the annotation's method names, e.g. {@code "readout_seconds", 0.01}. */
    public static <A> A of(Class<A> type, Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return values.hashCode();
                case "equals":
                    return p == args[0];
                default:
                    if (!values.containsKey(m.getName())) {
                        return m.getDefaultValue();
                    }
                    Object v = values.get(m.getName());
                    Class<?> r = m.getReturnType();
                    if (v instanceof Number n) {
                        if (r == int.class) {
                            return n.intValue();
                        }
                        if (r == long.class) {
                            return n.longValue();
                        }
                        if (r == double.class) {
                            return n.doubleValue();
                        }
                    }
                    return v;
            }
        });
        return type.cast(proxy);
    }
}
