package org.orrery.web.api.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A request and a response for calling a servlet in a unit test: the answer's status, headers and body. */
final class FakeHttp {

    int status = 200;
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** A request of a user with {@code role}, with this path info and no body. */
    static HttpServletRequest request(String method, String pathInfo, Role role) {
        return request(method, "", pathInfo, role, Map.of(), null, null, Map.of());
    }

    /**
     * A request of a user with {@code role}: this servlet path and path info (null: none), query
     * parameters (decoded), body (null: none) of {@code contentType}, and request headers.
     */
    static HttpServletRequest request(String method, String servletPath, String pathInfo, Role role, Map<String, String[]> parameters,
            String contentType, String body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream empty = new ByteArrayInputStream(bytes);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(ApiContext.USER_ATTRIBUTE, new AuthenticatedUser("test", role));
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() {
                return empty.read();
            }

            @Override
            public boolean isFinished() {
                return empty.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get(args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> "/api/v1" + servletPath + (pathInfo == null ? "" : pathInfo);
                    case "getInputStream" -> in;
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getContentType" -> contentType;
                    case "getHeader" -> headers.get(args[0]);
                    case "getHeaders" -> java.util.Collections.enumeration(
                            headers.containsKey(args[0]) ? java.util.List.of(headers.get(args[0])) : java.util.List.<String>of());
                    case "getParameterMap" -> parameters;
                    case "getParameterValues" -> parameters.get(args[0]);
                    case "getParameter" -> parameters.containsKey(args[0]) ? parameters.get(args[0])[0] : null;
                    case "getRemoteAddr" -> "192.0.2.7";
                    default -> null;
                });
    }

    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setContentLengthLong" -> headers.put("Content-Length", String.valueOf(args[0]));
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "isCommitted" -> {
                            return false;
                        }
                        case "reset" -> {
                            headers.clear();
                            body.reset();
                        }
                        case "containsHeader" -> {
                            return headers.containsKey(args[0]);
                        }
                        case "getStatus" -> {
                            return status;
                        }
                        default -> {
                            // not needed by these tests
                        }
                    }
                    return null;
                });
    }
}
