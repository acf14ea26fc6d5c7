package org.orrery.web.console.internal;

import java.util.Locale;

import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one change the Orrery page offers: pause or resume the whole scheduler (form fields
 * {@code action} = {@code pause} | {@code resume}, and for a pause {@code mode} =
 * {@code deferred} (the default: running tasks finish) | {@code immediate}). The input is checked
 * before anything changes.
 */
final class SchedulerCommand {

    /** Why a command was not carried out, as an HTTP status and a problem's title and detail. */
    record Refusal(int status, String title, String detail) {
    }

    private SchedulerCommand() {
    }

    /**
     * A posted form: refused (403) unless it comes from a page of the console's own address
     * ({@link ConsoleOrigins}, as the security provider checks every console request), then
     * {@link #run}.
     */
    static Refusal post(ConsoleOrigins origins, HttpServletRequest request, Scheduler scheduler) {
        String crossSite = origins.refusal(request.getMethod(), request.getHeader("Origin"), request.getHeader("Referer"));
        if (crossSite != null) {
            return new Refusal(403, "Cross-site request refused", crossSite);
        }
        return run(scheduler, request.getParameter("action"), request.getParameter("mode"));
    }

    /** Carries the command out; null when done, otherwise why not (nothing changed). */
    static Refusal run(Scheduler scheduler, String action, String mode) {
        boolean pause = "pause".equals(action);
        if (!pause && !"resume".equals(action)) {
            return new Refusal(400, "Unknown action", "field 'action': expected pause or resume, found " + quoted(action));
        }
        PauseMode pauseMode = PauseMode.DEFERRED;
        if (pause && mode != null && !mode.isBlank()) {
            try {
                pauseMode = PauseMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new Refusal(400, "Unknown pause mode", "field 'mode': expected deferred or immediate, found "
                        + quoted(mode));
            }
        }
        if (scheduler == null) {
            return new Refusal(503, "No scheduler", "the scheduler is not running (bundle org.orrery.core.scheduler stopped"
                    + " or not installed): nothing to " + action);
        }
        if (pause) {
            scheduler.pauseAll(pauseMode);
        } else {
            scheduler.resumeAll();
        }
        return null;
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
