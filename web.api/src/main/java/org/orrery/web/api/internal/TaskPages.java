package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.orrery.task.Scheduler;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One page of {@code GET /tasks}: at most {@code limit} tasks and at most {@link #BYTE_BUDGET}
 * bytes of JSON (a single larger task is still answered, alone), read from the scheduler in
 * chunks so a page of large tasks is never held in memory all at once; its cursor is opaque
 * (base64url of the store's cursor, so any task id survives an HTTP header) and its
 * {@code Link} keeps the request's filters, URL-encoded.
 */
final class TaskPages {

    /** The most bytes of task JSON in one page. */
    static final int BYTE_BUDGET = 4 << 20;
    /** Tasks read from the scheduler at a time. */
    static final int CHUNK = 100;

    /** The tasks of a page as JSON, and the cursor of the next page (null: this is the last). */
    record Page(List<byte[]> tasks, String nextCursor) {

        /** Writes the page as a JSON array. */
        void writeTo(OutputStream out) throws IOException {
            out.write('[');
            for (int i = 0; i < tasks.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(tasks.get(i));
            }
            out.write(']');
        }
    }

    private TaskPages() {
    }

    /** The page {@code query} asks for, within the count and the byte budget. */
    static Page collect(Scheduler scheduler, TaskQuery query, int byteBudget) throws IOException {
        List<byte[]> tasks = new ArrayList<>();
        long bytes = 0;
        TaskRecord last = null;
        TaskQuery chunk = query.withLimit(Math.min(query.limit(), CHUNK));
        while (true) {
            TaskPage page = scheduler.list(chunk);
            List<TaskRecord> records = page.tasks();
            for (int i = 0; i < records.size(); i++) {
                byte[] json = ApiJson.MAPPER.writeValueAsBytes(TaskRecordJson.of(records.get(i)));
                if (last != null && bytes + json.length > byteBudget) {
                    return new Page(tasks, TaskCursor.after(last).toString());
                }
                tasks.add(json);
                bytes += json.length + 1;
                last = records.get(i);
                if (tasks.size() == query.limit()) {
                    boolean more = i + 1 < records.size() || page.nextCursor() != null;
                    return new Page(tasks, more ? TaskCursor.after(last).toString() : null);
                }
            }
            if (page.nextCursor() == null) {
                return new Page(tasks, null);
            }
            chunk = chunk.after(page.nextCursor()).withLimit(Math.min(query.limit() - tasks.size(), CHUNK));
        }
    }

    /** The cursor as the API gives it: base64url (no padding) of the store's cursor. */
    static String encode(String storeCursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(storeCursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The store's cursor of a cursor this API gave. */
    static String decode(String cursor) throws ApiJson.BadRequest {
        String text = decodeText(cursor);
        try {
            TaskCursor.parse(text);
        } catch (IllegalArgumentException e) {
            throw badCursor(cursor);
        }
        return text;
    }

    /** The text inside a cursor this API gave (base64url of UTF-8), whatever the listing. */
    static String decodeText(String cursor) throws ApiJson.BadRequest {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw badCursor(cursor);
        }
    }

    /** The refusal of a cursor the API did not give. */
    static ApiJson.BadRequest badCursor(String cursor) {
        return new ApiJson.BadRequest("query parameter 'cursor' must be the X-Next-Cursor of a previous page, found '"
                + ApiJson.shorten(cursor) + "'");
    }

    /** Sets {@code X-Next-Cursor} and {@code Link} of the next page when there is one (the store's cursor, or null). */
    static void next(HttpServletRequest request, HttpServletResponse response, String storeCursor) {
        if (storeCursor != null) {
            String cursor = encode(storeCursor);
            response.setHeader("X-Next-Cursor", cursor);
            response.setHeader("Link", link(request, cursor));
        }
    }

    /** The {@code Link} header of the next page: this request with its filters, and the next cursor. */
    static String link(HttpServletRequest request, String cursor) {
        StringBuilder uri = new StringBuilder(request.getRequestURI()).append('?');
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (!p.getKey().equals("cursor")) {
                for (String value : p.getValue()) {
                    uri.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
                }
            }
        }
        uri.append("cursor=").append(cursor);
        return "<" + uri + ">; rel=\"next\"";
    }
}
