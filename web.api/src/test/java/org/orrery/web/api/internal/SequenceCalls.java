package org.orrery.web.api.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.orrery.security.Role;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServlet;

/** One call of a sequence or template servlet in a test: method, path, role, query, body, headers; and its answer. */
final class SequenceCalls {

    private final HttpServlet servlet;
    private final String method;
    private final String path;
    private Role role = Role.OPERATOR;
    private final Map<String, String[]> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private String type;
    private String body;

    private SequenceCalls(HttpServlet servlet, String method, String path) {
        this.servlet = servlet;
        this.method = method;
        this.path = path;
    }

    static SequenceCalls call(HttpServlet servlet, String method, String path) {
        return new SequenceCalls(servlet, method, path);
    }

    SequenceCalls as(Role value) {
        role = value;
        return this;
    }

    /** Adds a query parameter value (a parameter may repeat). */
    SequenceCalls query(String name, String value) {
        String[] old = query.getOrDefault(name, new String[0]);
        String[] values = java.util.Arrays.copyOf(old, old.length + 1);
        values[old.length] = value;
        query.put(name, values);
        return this;
    }

    SequenceCalls header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    SequenceCalls body(String contentType, String text) {
        type = contentType;
        body = text;
        return this;
    }

    /** Sends it; the answer. */
    FakeHttp send() throws Exception {
        FakeHttp http = new FakeHttp();
        int slash = path.indexOf('/', 1);
        String servletPath = slash < 0 ? path : path.substring(0, slash);
        String pathInfo = slash < 0 ? null : path.substring(slash);
        servlet.service(FakeHttp.request(method, servletPath, pathInfo, role, query, type, body, headers), http.response());
        return http;
    }

    /** The answer's body as JSON. */
    static JsonNode json(FakeHttp http) throws Exception {
        return ApiJson.MAPPER.readTree(http.body());
    }
}
