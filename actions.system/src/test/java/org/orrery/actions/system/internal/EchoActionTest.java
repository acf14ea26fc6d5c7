package org.orrery.actions.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.testsupport.FakeActionContext;

class EchoActionTest {

    private final EchoAction action = new EchoAction();

    @Test
    void returnsItsParameters() throws Exception {
        Map<String, Object> parameters = Map.of("target", "M31", "exposures", 12, "filters", List.of("L", "R"),
                "guide", Map.of("enabled", true));
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            assertEquals(parameters, action.execute(context).toCompletableFuture().join());
        }
    }

    @Test
    void returnsACopyThatKeepsNullValues() throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("a", 1);
        parameters.put("nothing", null);
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            Map<String, Object> result = action.execute(context).toCompletableFuture().join();
            parameters.put("later", "added");
            assertNotSame(parameters, result);
            assertEquals(List.of("a", "nothing"), List.copyOf(result.keySet()));
            assertNull(result.get("nothing"));
        }
    }

    @Test
    void emptyParametersGiveAnEmptyResult() throws Exception {
        try (FakeActionContext context = new FakeActionContext(new HashMap<>())) {
            assertTrue(action.execute(context).toCompletableFuture().join().isEmpty());
        }
        try (FakeActionContext context = new FakeActionContext(null)) {
            assertTrue(action.execute(context).toCompletableFuture().join().isEmpty());
        }
    }
}
