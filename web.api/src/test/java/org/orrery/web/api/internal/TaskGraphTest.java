package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.OpenApiDocumentTest.names;
import static org.orrery.web.api.internal.OpenApiDocumentTest.schema;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /tasks/graph}: which tasks, the edges' direction, the bound. */
class TaskGraphTest {

    final FakeScheduler scheduler = new FakeScheduler();

    FakeHttp graph(String... query) throws Exception {
        SequenceCalls call = SequenceCalls.call(new TasksServlet(scheduler), "GET", "/tasks/graph").as(Role.VIEWER);
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1]);
        }
        return call.send();
    }

    static Set<String> ids(JsonNode graph) {
        return new TreeSet<>(graph.get("nodes").findValuesAsText("id"));
    }

    static Set<String> edges(JsonNode graph) {
        Set<String> out = new TreeSet<>();
        graph.get("edges").forEach(e -> out.add(e.get("from").asText() + "->" + e.get("to").asText()));
        return out;
    }

    /** old (done) ← mid (done) ← a (ready) ← b (pending); c (running, tag x); z (done, tag x, alone). */
    void chain() {
        scheduler.finished("old", TaskStatus.COMPLETED, 0, 1);
        scheduler.put(TaskSpec.builder("s").id("mid").dependsOn("old").build(), TaskStatus.COMPLETED, 1);
        scheduler.put(TaskSpec.builder("s").id("a").dependsOn("mid").build(), TaskStatus.READY, 2);
        scheduler.put(TaskSpec.builder("s").id("b").dependsOn("a").build(), TaskStatus.PENDING, 3);
        scheduler.put(TaskSpec.builder("s").id("c").tag("x").build(), TaskStatus.RUNNING, 4);
        scheduler.put(TaskSpec.builder("s").id("z").tag("x").dependsOn("b").build(), TaskStatus.CANCELLED, 5);
    }

    @Test
    void byDefaultTheUnfinishedTasksAndWhatTheyDependOn() throws Exception {
        chain();
        FakeHttp http = graph();
        assertEquals(200, http.status, http.body());
        JsonNode g = json(http);
        assertEquals(Set.of("a", "b", "c", "mid"), ids(g), "mid: a depends on it; old only through a finished task");
        assertEquals(Set.of("mid->a", "a->b"), edges(g), "from the dependency to the task that depends on it");
        assertFalse(g.get("truncated").asBoolean());
        assertEquals(TaskGraph.MAX_NODES, g.get("max_nodes").asInt());
        JsonNode node = g.get("nodes").get(0);
        assertEquals(names(node), names(schema("TaskGraph").at("/properties/nodes/items/properties")));
        assertEquals(names(g), names(schema("TaskGraph").path("properties")));
    }

    @Test
    void byTagOrByIdsWithEverythingTheyDependOn() throws Exception {
        chain();
        JsonNode tagged = json(graph("tag", "x"));
        assertEquals(Set.of("b", "c", "z"), ids(tagged));
        assertEquals(Set.of("b->z"), edges(tagged));
        JsonNode named = json(graph("ids", "b,c"));
        assertEquals(Set.of("old", "mid", "a", "b", "c"), ids(named), "transitively");
        assertEquals(Set.of("old->mid", "mid->a", "a->b"), edges(named));
        assertProblem(graph("ids", "b,nope"), 404, "nope");
        assertProblem(graph("ids", "b", "tag", "x"), 400, "'tag' and 'ids'");
        assertProblem(graph("status", "ready"), 400, "unknown query parameter 'status'", "[ids, tag]");
    }

    @Test
    void atMostMaxNodesAndThenTruncated() {
        chain();
        TaskGraph bounded = new TaskGraph(scheduler, 2);
        bounded.selected(new org.orrery.task.TaskQuery(TaskGraph.UNFINISHED, null, null, null, null, null, 1000));
        JsonNode g = bounded.json();
        assertEquals(2, g.get("nodes").size());
        assertTrue(g.get("truncated").asBoolean());
        assertEquals(Set.of("a->b"), edges(g), "edges to tasks left out are left out");
        TaskGraph exact = new TaskGraph(scheduler, 4);
        exact.selected(new org.orrery.task.TaskQuery(TaskGraph.UNFINISHED, null, null, null, null, null, 1000));
        assertFalse(exact.json().get("truncated").asBoolean(), "exactly full is not truncated");
    }
}
