package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import jakarta.servlet.http.HttpServletRequest;

/** Paging of GET /tasks: opaque cursors, the Link header, the byte budget. */
class TaskPagesTest {

    static final Instant T0 = Instant.parse("2026-11-23T21:30:00Z");

    static TaskRecord task(String id, int second, String payload) {
        return TaskRecord.accepted(TaskSpec.builder("system.echo").id(id).parameter("payload", payload).build(),
                TaskStatus.COMPLETED, null, T0.plusSeconds(second));
    }

    /** A scheduler that lists {@code tasks} by key, as the stores do (and counts its calls). */
    static Scheduler listing(List<TaskRecord> tasks, int[] calls) {
        List<TaskRecord> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::id));
        return (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[] { Scheduler.class },
                (proxy, method, args) -> {
                    if (!method.getName().equals("list")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    calls[0]++;
                    TaskQuery q = (TaskQuery) args[0];
                    TaskCursor after = q.after() == null ? null : TaskCursor.parse(q.after());
                    List<TaskRecord> page = new ArrayList<>();
                    for (TaskRecord t : sorted) {
                        if (after != null && (t.createdAt().isBefore(after.createdAt())
                                || t.createdAt().equals(after.createdAt()) && t.id().compareTo(after.id()) <= 0)) {
                            continue;
                        }
                        if (page.size() == q.limit()) {
                            return new TaskPage(page, TaskCursor.after(page.get(page.size() - 1)).toString());
                        }
                        page.add(t);
                    }
                    return new TaskPage(page, null);
                });
    }

    static HttpServletRequest request(Map<String, String[]> parameters) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/api/v1/tasks";
                    case "getParameterMap" -> parameters;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Follows the cursors from the first page to the last, as a client does; the ids in order. */
    static List<String> walk(Scheduler scheduler, int limit, int budget) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            TaskQuery q = TaskQuery.all().withLimit(limit).after(cursor == null ? null : TaskPages.decode(cursor));
            TaskPages.Page page = TaskPages.collect(scheduler, q, budget);
            for (byte[] json : page.tasks()) {
                ids.add(ApiJson.MAPPER.readTree(json).get("id").asText());
            }
            if (page.nextCursor() == null) {
                return ids;
            }
            cursor = TaskPages.encode(page.nextCursor());
            assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "a cursor is header-safe base64url: " + cursor);
        }
        throw new AssertionError("the pages do not end: " + ids);
    }

    @Test
    void aCursorAfterAnyIdLeadsToTheNextPage() throws Exception {
        List<TaskRecord> tasks = List.of(task("a", 1, ""), task("名前-unicode", 2, ""), task("z", 2, ""), task("ü", 3, ""));
        assertEquals(List.of("a", "z", "名前-unicode", "ü"), walk(listing(tasks, new int[1]), 1, TaskPages.BYTE_BUDGET));
        String cursor = TaskPages.encode(TaskCursor.after(tasks.get(1)).toString());
        assertEquals(TaskCursor.after(tasks.get(1)).toString(), TaskPages.decode(cursor));
    }

    @Test
    void aCursorThisApiDidNotGiveIsRefusedNamingCursor() {
        String notUtf8 = Base64.getUrlEncoder().encodeToString(new byte[] { (byte) 0xC0, (byte) 0xAF });
        String notACursor = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("%%%", "1764.0:a", notUtf8, notACursor, "")) {
            String message = assertThrows(ApiJson.BadRequest.class, () -> TaskPages.decode(bad)).getMessage();
            assertTrue(message.startsWith("query parameter 'cursor' must be the X-Next-Cursor of a previous page"), message);
        }
    }

    @Test
    void theLinkKeepsTheFiltersUrlEncoded() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("status", new String[] { "completed,failed" });
        parameters.put("tag", new String[] { "a b&c=d" });
        parameters.put("limit", new String[] { "2" });
        parameters.put("cursor", new String[] { "old" });
        assertEquals("</api/v1/tasks?status=completed%2Cfailed&tag=a+b%26c%3Dd&limit=2&cursor=Y3Vy>; rel=\"next\"",
                TaskPages.link(request(parameters), "Y3Vy"));
    }

    @Test
    void aPageStopsAtTheByteBudgetAndTheNextContinuesThere() throws Exception {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(task("t" + i, i, "x".repeat(i == 5 ? 5_000 : 200))); // two small ones fit in 2 000 bytes
        }
        int[] calls = new int[1];
        TaskPages.Page first = TaskPages.collect(listing(tasks, calls), TaskQuery.all().withLimit(1000), 2_000);
        int size = first.tasks().stream().mapToInt(b -> b.length + 1).sum() + 1;
        assertTrue(size <= 2_000 && first.tasks().size() >= 2, "within the budget: " + size + " bytes");
        assertEquals(TaskCursor.after(tasks.get(first.tasks().size() - 1)).toString(), first.nextCursor());

        List<String> ids = walk(listing(tasks, calls), 1000, 2_000);
        assertEquals(tasks.stream().map(TaskRecord::id).toList(), ids, "every task once, in order");
        TaskPages.Page alone = TaskPages.collect(listing(tasks, calls),
                TaskQuery.all().after(TaskCursor.after(tasks.get(4)).toString()), 2_000);
        assertEquals(1, alone.tasks().size(), "a task larger than the budget comes alone");
        assertTrue(alone.tasks().get(0).length > 2_000);
    }

    @Test
    void theCountLimitEndsAPageAndTheLastPageHasNoCursor() throws Exception {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            tasks.add(task(String.format("t%03d", i), i, ""));
        }
        int[] calls = new int[1];
        TaskPages.Page page = TaskPages.collect(listing(tasks, calls), TaskQuery.all().withLimit(250), TaskPages.BYTE_BUDGET);
        assertEquals(250, page.tasks().size());
        assertNull(page.nextCursor());
        assertEquals(3, calls[0], "read in chunks of " + TaskPages.CHUNK);
        page = TaskPages.collect(listing(tasks, calls), TaskQuery.all().withLimit(200), TaskPages.BYTE_BUDGET);
        assertEquals(TaskCursor.after(tasks.get(199)).toString(), page.nextCursor());
    }
}
