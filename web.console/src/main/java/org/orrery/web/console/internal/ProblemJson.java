package org.orrery.web.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** Writes an RFC 9457 problem ({@code application/problem+json}) without a JSON library. */
final class ProblemJson {

    private ProblemJson() {
    }

    static void send(HttpServletResponse response, int status, String title, String detail) throws IOException {
        byte[] body = text(status, title, detail).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String text(int status, String title, String detail) {
        return "{\"type\": \"about:blank\", \"title\": " + string(title) + ", \"status\": " + status + ", \"detail\": "
                + string(detail) + "}";
    }

    /** A JSON string literal. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
