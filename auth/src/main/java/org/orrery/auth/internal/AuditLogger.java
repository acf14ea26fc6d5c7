package org.orrery.auth.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.orrery.security.AuditEntry;
import org.orrery.security.AuditLog;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link AuditLog}: one line per entry on the logger {@value #LOGGER}, which the
 * launcher sends to {@code logs/audit.log}:
 * {@code user=admin role=admin POST /api/v1/users status=201 from=127.0.0.1}. Secrets in a
 * target's query string or form ({@code password=…}, {@code access_token=…}, {@code secret=…}, {@code ticket=…},
 * {@code .password=…}) are written as {@code ****}; line breaks become {@code _}, so one entry
 * is always one line.
 */
@Component(service = AuditLog.class)
public final class AuditLogger implements AuditLog {

    static final String LOGGER = "org.orrery.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** A parameter whose name says it holds a secret, and its value (up to the next separator). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s])[^=&;?\\s]*(?:password|passwd|pwd|secret|token|ticket|credential|api[_-]?key)[^=&;?\\s]*=)[^&;\\s]*");

    @Override
    public void record(AuditEntry e) {
        LOG.info("user={} role={} {} {} {} from={}", e.user() == null ? ANONYMOUS : oneLine(e.user()),
                e.role() == null ? ANONYMOUS : e.role().id(), oneLine(e.action()), oneLine(mask(e.target())),
                oneLine(e.outcome()), e.from() == null ? ANONYMOUS : oneLine(e.from()));
    }

    /** {@code text} with the value of every secret-named parameter replaced by {@code ****}. */
    static String mask(String text) {
        if (text.indexOf('=') < 0) { // no parameter value to mask (most targets: a path); saves the search per request
            return text;
        }
        Matcher m = SECRET_PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "****"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code text} with its line breaks and tabs replaced by {@code _} (no regular expression: one per field per request). */
    static String oneLine(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0 && text.indexOf('\t') < 0) {
            return text;
        }
        return text.replace('\r', '_').replace('\n', '_').replace('\t', '_');
    }
}
