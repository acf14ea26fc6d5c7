package org.orrery.store.jdbc.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the database password out of messages, logs and exception chains: URLs are shown with
 * {@code password=***} and {@code //***@host}, and every text the store produces (its own
 * messages and copies of the driver's exceptions) has the secrets masked.
 */
final class Secrets {

    static final String MASK = "***";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd|sslpassword)=([^&;]*)");
    private static final Pattern URL_USERINFO = Pattern.compile("//([^/@?]*):([^/@?]*)@");

    private final List<String> secrets;

    private Secrets(List<String> secrets) {
        this.secrets = secrets;
    }

    /** No secrets (SQLite). */
    static final Secrets NONE = new Secrets(List.of());

    /** The configured password and whatever password the URL itself carries. */
    static Secrets of(String url, String password) {
        List<String> list = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            list.add(password);
        }
        if (url != null) {
            Matcher m = URL_PASSWORD.matcher(url);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    list.add(m.group(2));
                }
            }
            Matcher u = URL_USERINFO.matcher(url);
            if (u.find() && !u.group(2).isEmpty()) {
                list.add(u.group(2));
            }
        }
        // longest first, so that a secret containing another is masked whole
        list.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(list));
    }

    /** The URL without anything that looks like a password, for messages and logs. */
    static String redact(String url) {
        String out = URL_PASSWORD.matcher(url).replaceAll("$1=" + MASK);
        return URL_USERINFO.matcher(out).replaceAll("//" + MASK + "@");
    }

    /** The text with every secret replaced by {@value #MASK}. */
    String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /**
     * The exception chain as it may be shown: the same when there is no secret, otherwise a copy
     * with masked messages that keeps what the store and a reader need (SQLState, error code,
     * batch entries, stack traces; other exception types become {@code Exception} with the type's
     * name in the message).
     */
    Throwable scrub(Throwable t) {
        return secrets.isEmpty() ? t : copy(t, 0);
    }

    private Throwable copy(Throwable t, int depth) {
        if (t == null || depth > 16) {
            return null;
        }
        Throwable c;
        Throwable nextCopy = null;
        SQLException next = t instanceof SQLException s ? s.getNextException() : null;
        if (t instanceof SQLException s) {
            SQLException copy = new SQLException(mask(s.getMessage()), s.getSQLState(), s.getErrorCode());
            if (next != null && next != s) {
                nextCopy = copy(next, depth + 1);
                copy.setNextException((SQLException) nextCopy);
            }
            c = copy;
        } else {
            c = new Exception(t.getClass().getName() + ": " + mask(t.getMessage()));
        }
        c.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            c.initCause(cause == next ? nextCopy : copy(cause, depth + 1));
        }
        return c;
    }
}
