package org.orrery.agents.codegen.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Dictionary;

/**
 * A configuration dictionary seen through a metatype annotation type, as DS would hand it to a
 * component: each method reads its property (the method name mapped the metatype way, {@code __}
 * to {@code _} and {@code _} to {@code .}), converted to the method's type, or the method's
 * default. Values may come as strings (a {@code .cfg} file) or typed (the Web Console).
 */
final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * @throws IllegalArgumentException a value that is not of its property's type, naming the property
     */
    static <T> T of(Class<T> type, Dictionary<String, ?> properties) {
        for (Method method : type.getDeclaredMethods()) {
            convert(method, properties == null ? null : properties.get(property(method.getName()))); // fail early
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> type.getSimpleName();
                };
            }
            return convert(method, properties == null ? null : properties.get(property(method.getName())));
        });
        return type.cast(proxy);
    }

    /** The property id of an annotation method, as the metatype annotations map it. */
    static String property(String methodName) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '_' && i + 1 < methodName.length() && methodName.charAt(i + 1) == '_') {
                id.append('_');
                i++;
            } else {
                id.append(c == '_' ? '.' : c);
            }
        }
        return id.toString();
    }

    private static Object convert(Method method, Object value) {
        if (value == null || value instanceof String s && s.isBlank() && method.getReturnType() != String.class) {
            return method.getDefaultValue();
        }
        Class<?> type = method.getReturnType();
        String property = property(method.getName());
        try {
            if (type == String.class) {
                return String.valueOf(value);
            }
            if (type == int.class) {
                return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
            }
            if (type == double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            }
            if (type == boolean.class) {
                return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString().trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": expected " + (type == int.class ? "a whole number" : "a number")
                    + ", found '" + value + "'");
        }
        throw new IllegalStateException(property + ": type " + type + " is not supported");
    }
}
