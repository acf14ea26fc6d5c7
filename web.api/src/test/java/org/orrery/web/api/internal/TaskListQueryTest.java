package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskQuery;

import jakarta.servlet.http.HttpServletRequest;

/** The query parameters of GET /tasks as a {@link TaskQuery}: the listing order. */
class TaskListQueryTest {

    static HttpServletRequest request(Map<String, String[]> parameters) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getParameterMap" -> parameters;
                    case "getParameterValues" -> parameters.get((String) args[0]);
                    case "getParameter" -> parameters.containsKey((String) args[0]) ? parameters.get((String) args[0])[0] : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void orderNewestListsNewestFirstAndOldestIsTheDefault() throws Exception {
        assertFalse(TasksServlet.query(request(Map.of())).newestFirst());
        assertFalse(TasksServlet.query(request(Map.of("order", new String[] { "oldest" }))).newestFirst());
        TaskQuery newest = TasksServlet.query(request(Map.of("order", new String[] { "newest" }, "action", new String[] { "a" })));
        assertTrue(newest.newestFirst());
        assertEquals("a", newest.action());
        assertTrue(newest.after("1.0:x").withLimit(5).newestFirst(), "paging keeps the order");
    }

    @Test
    void anotherOrderIsRefusedNamingTheParameterTheChoicesAndTheValue() {
        String message = assertThrows(ApiJson.BadRequest.class,
                () -> TasksServlet.query(request(Map.of("order", new String[] { "sideways" })))).getMessage();
        assertEquals("query parameter 'order' must be one of oldest, newest, found 'sideways'", message);
    }
}
