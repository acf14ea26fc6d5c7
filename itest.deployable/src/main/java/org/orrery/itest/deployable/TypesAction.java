package org.orrery.itest.deployable;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.osgi.service.component.annotations.Component;

/**
 * {@code itest.types} answers with the Java class of every parameter it was given, nested ones
 * included ({@code {"gain": "BigDecimal", "list[0]": "Integer", …}}), for tests of the value model
 * an action sees (core.api README) on its first run and after a restart.
 */
@Component(service = Action.class)
public final class TypesAction implements Action {

    @Override
    public String name() {
        return "itest.types";
    }

    @Override
    public String description() {
        return "Answers with the Java class of each parameter (a test action)";
    }

    @Override
    public String parameterSchema() {
        return "{\"type\": \"object\"}";
    }

    @Override
    public boolean safeToRerun() {
        return true;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        Map<String, Object> classes = new TreeMap<>();
        context.parameters().forEach((name, value) -> describe(name, value, classes));
        return CompletableFuture.completedFuture(classes);
    }

    private static void describe(String at, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map) {
            out.put(at, "Map");
            map.forEach((k, v) -> describe(at + "." + k, v, out));
        } else if (value instanceof List<?> list) {
            out.put(at, "List");
            for (int i = 0; i < list.size(); i++) {
                describe(at + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.put(at, value == null ? "null" : value.getClass().getSimpleName());
        }
    }
}
