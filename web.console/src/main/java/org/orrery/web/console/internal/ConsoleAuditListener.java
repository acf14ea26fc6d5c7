package org.orrery.web.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.orrery.security.AuditEntry;
import org.orrery.security.AuditLog;
import org.orrery.security.AuthenticatedUser;
import org.orrery.web.audit.AuditingRequestListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * Writes the Web Console's actions to the audit log: every request that may change something
 * (bundle start, stop, install, update, uninstall, configuration changes and deletes, component
 * enable and disable, …) and every refused request, with who, what, the target, the status
 * actually sent and the client's address. It runs when the request is done (a whiteboard
 * listener on the console's servlet context), after the HTTP service has turned an exception
 * into a 500.
 */
@Component(service = ServletRequestListener.class, property = {
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + ConsoleAuditListener.CONSOLE_CONTEXT + ")",
        "osgi.http.whiteboard.listener=true" })
public final class ConsoleAuditListener extends AuditingRequestListener {

    /** The Felix Web Console's servlet context. */
    static final String CONSOLE_CONTEXT = "org.apache.felix.webconsole";
    static final String USER_ATTRIBUTE = ConsoleAuditListener.class.getName() + ".user";
    static final String BUNDLE_ATTRIBUTE = ConsoleAuditListener.class.getName() + ".bundle";

    private static final Pattern BUNDLE_PATH = Pattern.compile(".*/bundles/(\\d+)(?:[./].*)?");
    private static final Pattern CONFIG_PATH = Pattern.compile(".*/configMgr/(.+)");

    @Activate
    public ConsoleAuditListener(@Reference AuditLog audit) {
        super(audit);
    }

    /**
     * Called by the security provider, the first thing that sees both request and response;
     * names the bundle a request is about now, since after an uninstall it is gone.
     */
    static void remember(HttpServletRequest request, HttpServletResponse response, BundleContext context) {
        AuditingRequestListener.remember(request, response);
        Matcher bundle = BUNDLE_PATH.matcher(request.getRequestURI());
        if (bundle.matches() && context != null) {
            try {
                Bundle b = context.getBundle(Long.parseLong(bundle.group(1)));
                if (b != null) {
                    request.setAttribute(BUNDLE_ATTRIBUTE, b.getSymbolicName() + " " + b.getVersion() + " (id " + b.getBundleId() + ")");
                }
            } catch (NumberFormatException | IllegalStateException e) {
                // not a bundle id, or this bundle is stopping: the path says enough
            }
        }
    }

    /** The audit entry of a finished console request that may have changed something, or was refused. */
    @Override
    protected AuditEntry entry(HttpServletRequest request, int status) {
        AuthenticatedUser user = request.getAttribute(USER_ATTRIBUTE) instanceof AuthenticatedUser u ? u : null;
        String uri = request.getRequestURI();
        String action = "console " + request.getMethod();
        String target = uri;
        if (!AuditLog.isRefusal(status) && user != null) {
            // the console has read the form by now: its parameters cost nothing more
            String[] described = describe(request, uri);
            action = described[0];
            target = described[1];
        }
        return new AuditEntry(user == null ? null : user.name(), user == null ? null : user.role(), action, target,
                "status=" + status, request.getRemoteAddr());
    }

    /** What an admin's console request did, and to what: {action, target}. */
    private static String[] describe(HttpServletRequest request, String uri) {
        String verb = request.getParameter("action");
        Object bundle = request.getAttribute(BUNDLE_ATTRIBUTE);
        Matcher config = CONFIG_PATH.matcher(uri);
        if (BUNDLE_PATH.matcher(uri).matches() && verb != null) {
            return new String[] {"console bundle " + verb, bundle != null ? bundle.toString() : uri};
        }
        if (uri.endsWith("/bundles") && "install".equals(verb)) {
            return new String[] {"console bundle install", String.join(", ", uploadedFiles(request))};
        }
        if (config.matches()) {
            String what = request.getParameter("delete") != null ? "delete"
                    : request.getParameter("unbind") != null ? "unbind"
                    : request.getParameter("apply") != null ? "update" : method(request);
            return new String[] {"console configuration " + what, config.group(1)};
        }
        return new String[] {"console " + method(request) + (verb == null ? "" : " action=" + verb), uri};
    }

    private static String method(HttpServletRequest request) {
        return request.getMethod().toUpperCase(Locale.ROOT);
    }

    private static List<String> uploadedFiles(HttpServletRequest request) {
        List<String> names = new ArrayList<>();
        try {
            for (Part part : request.getParts()) {
                if (part.getSubmittedFileName() != null) {
                    names.add(part.getSubmittedFileName());
                }
            }
        } catch (IOException | ServletException | IllegalStateException e) {
            names.add("(the upload cannot be read: " + e.getMessage() + ")");
        }
        return names.isEmpty() ? List.of("(no file)") : names;
    }
}
