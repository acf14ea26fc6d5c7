package org.orrery.devices.camera.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import org.orrery.actions.params.Parameters;
import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Frame;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.devices.common.image.Exposures;
import org.orrery.devices.common.image.FrameCheck;
import org.orrery.devices.common.image.FrameStatistics;
import org.orrery.devices.common.image.StarDetector;
import org.orrery.devices.common.image.StarStatistics;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;

/**
 * One autofocus attempt: the V-curve's points one after the other (move, expose, measure), the
 * fit, at most one shift of the range when the minimum lies outside it, the move to the best
 * position and the check frame. Fails, never guesses: a focuser that does not move, too many
 * frames without stars, a fit that does not hold or a minimum outside the range end the attempt
 * with what was measured in the message. Cancellation is honoured between points (and during a
 * move or an exposure, which are aborted); the focuser stays where it stopped.
 */
final class AutofocusRun {

    /** Below this r² the fit is not trusted. */
    static final double MIN_R_SQUARED = 0.8;

    /** One point of the curve. */
    record Point(int position, StarStatistics stars, String fits) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("position", position);
            m.put("hfr", stars.roundedHfr());
            m.put("stars", stars.count());
            if (fits != null) {
                m.put("fits", fits);
            }
            return m;
        }
    }

    private final ActionContext context;
    private final Instruments instruments;
    private final Parameters parameters;
    private final AutofocusAction.Request request;
    private final Camera camera;
    private final String cameraLabel;
    private final CameraInfo info;
    private final Focuser focuser;
    private final String focuserLabel;
    private final FilterWheel wheel;
    private final int total;
    private int taken;
    private int saved;

    AutofocusRun(ActionContext context, Instruments instruments, Parameters parameters, AutofocusAction.Request request,
            Camera camera, String cameraLabel, CameraInfo info, Focuser focuser, String focuserLabel, FilterWheel wheel) {
        this.context = context;
        this.instruments = instruments;
        this.parameters = parameters;
        this.request = request;
        this.camera = camera;
        this.cameraLabel = cameraLabel;
        this.info = info;
        this.focuser = focuser;
        this.focuserLabel = focuserLabel;
        this.wheel = wheel;
        this.total = 2 * request.steps() + 2;
    }

    /** Refuses a curve around {@code start} that leaves the focuser's travel (0 to {@code max}). */
    static void checkTravel(Parameters p, String label, int max, int start, AutofocusAction.Request r)
            throws TaskParameterException {
        String problem = travelProblem(label, max, start, r);
        if (problem != null) {
            throw p.problem(problem);
        }
    }

    private static String travelProblem(String label, int max, int centre, AutofocusAction.Request r) {
        long low = (long) centre - (long) r.steps() * r.stepSize() - r.backlash();
        long high = (long) centre + (long) r.steps() * r.stepSize();
        if (low < 0 || (max > 0 && high > max)) {
            return "the curve around " + centre + " (" + r.steps() + " steps of " + r.stepSize() + " each side"
                    + (r.backlash() > 0 ? ", backlash " + r.backlash() : "") + ": " + low + " to " + high
                    + ") leaves the travel of " + label + " (0 to " + max + ")";
        }
        return null;
    }

    CompletableFuture<Map<String, Object>> start(int centre) {
        return curve(centre, null);
    }

    /** Measures the curve around {@code centre}; {@code shiftedFrom} is the first range's centre after a shift. */
    private CompletableFuture<Map<String, Object>> curve(int centre, Integer shiftedFrom) {
        List<Integer> positions = new ArrayList<>();
        for (int i = -request.steps(); i <= request.steps(); i++) {
            positions.add(centre + i * request.stepSize());
        }
        List<Point> points = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int position : positions) {
            chain = chain.thenCompose(v -> point(position, positions.size(), points));
        }
        return chain.thenCompose(v -> conclude(centre, shiftedFrom, positions, points));
    }

    private CompletableFuture<Void> point(int position, int count, List<Point> points) {
        if (context.isCancelled()) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            context.cancellation().thenAccept(stopped::completeExceptionally);
            return stopped;
        }
        int number = points.size() + 1;
        String of = " (point " + number + " of " + count + ")";
        return approach(position).thenCompose(v -> frame(position, of)).thenAccept(point -> {
            points.add(point);
            taken++;
            context.progress(Math.min(0.99, taken / (double) total), "point " + number + " of " + count + ": "
                    + focuserLabel + " at " + position + ", " + describe(point.stars()));
        });
    }

    private static String describe(StarStatistics s) {
        return s.count() == 0 ? "no stars" : "HFR " + Texts.number(s.roundedHfr(), 2) + " px, " + s.count() + " star"
                + (s.count() == 1 ? "" : "s");
    }

    /** Moves to a position; with a backlash set, a move down goes that many steps further and comes back up. */
    private CompletableFuture<Void> approach(int position) {
        if (request.backlash() > 0 && position < focuser.position()) {
            return move(position - request.backlash()).thenCompose(v -> move(position));
        }
        return move(position);
    }

    /** A verified move; a focuser whose position did not change at all is named as such. */
    private CompletableFuture<Void> move(int target) {
        int from = focuser.position();
        if (from == target) {
            return CompletableFuture.completedFuture(null);
        }
        return Moves.focus(context, instruments, parameters, AutofocusAction.STEP_SIZE, focuser, focuserLabel,
                focuser, target, 1.0, false).handle((reached, e) -> {
                    Throwable u = e == null ? null : Waits.unwrap(e);
                    // reported done (or its check failed), yet not a step from where it was; a timeout,
                    // a driver's error, a removal or a cancellation keeps its own message
                    boolean reportedDone = u == null
                            || (u.getClass() == TaskExecutionException.class && u.getCause() == null);
                    if (reportedDone && focuser.position() == from && !context.isCancelled()) {
                        throw new CompletionException(new TaskExecutionException(focuserLabel
                                + " did not move: asked for " + target + ", still at " + from));
                    }
                    if (u != null) {
                        throw new CompletionException(u);
                    }
                    return null;
                });
    }

    /** Takes a frame where the focuser stands and measures its stars (and writes it, when asked). */
    private CompletableFuture<Point> frame(int position, String of) {
        return Exposures.expose(context, instruments, camera, cameraLabel, camera, request.settings(), of)
                .thenApplyAsync(f -> {
                    try {
                        return measure(position, f, of);
                    } catch (TaskException e) {
                        throw new CompletionException(e);
                    }
                }, instruments.work());
    }

    private Point measure(int position, Frame frame, String of) throws TaskException {
        FrameStatistics stats = FrameStatistics.of(frame.pixels());
        var problem = FrameCheck.problem(cameraLabel, info, request.settings(), frame, stats);
        if (problem.isPresent()) {
            throw new TaskExecutionException(problem.get() + of);
        }
        StarStatistics stars = StarDetector.standard().detect(frame.pixels(), frame.width(), frame.height(), stats,
                frame.maxValue());
        String fits = null;
        if (request.saveFrames()) {
            Exposures.Request r = new Exposures.Request(request.settings(), 1, "autofocus", true);
            fits = (String) Exposures.write(context, instruments, camera, cameraLabel, r,
                    CameraExposeAction.observation("autofocus", camera, info, null, focuser, wheel), frame, ++saved)
                    .get("fits");
        }
        return new Point(position, stars, fits);
    }

    private CompletableFuture<Map<String, Object>> conclude(int centre, Integer shiftedFrom, List<Integer> positions,
            List<Point> points) {
        List<Point> withStars = points.stream().filter(p -> p.stars().count() > 0).collect(Collectors.toList());
        int without = points.size() - withStars.size();
        int needed = FocusCurve.HYPERBOLA.equals(request.method()) ? 4 : 3;
        if (without * 2 > points.size() || withStars.size() < needed) {
            return fail("no stars in " + without + " of " + points.size() + " frames: " + list(points)
                    + "; exposure " + Texts.number(request.seconds(), 3) + " s, binning " + request.binning()
                    + " (is the camera pointed at stars, the exposure long enough, the range too wide?)");
        }
        List<FocusCurve.Point> curve = withStars.stream()
                .map(p -> new FocusCurve.Point(p.position(), p.stars().hfr())).collect(Collectors.toList());
        FocusCurve.Fit fit;
        try {
            fit = FocusCurve.fit(request.method(), curve);
        } catch (FocusCurve.NoFit e) {
            return fail("no focus found: " + e.getMessage() + "; measured " + list(points));
        }
        if (!(fit.rSquared() >= MIN_R_SQUARED)) {
            return fail("the " + fit.type() + " fit does not hold: r² " + Texts.number(fit.rSquared(), 2) + " < "
                    + Texts.number(MIN_R_SQUARED, 2) + "; measured " + list(points));
        }
        int first = positions.get(0);
        int last = positions.get(positions.size() - 1);
        if (fit.best() < first || fit.best() > last) {
            long best = Math.round(fit.best());
            if (shiftedFrom == null) {
                int shifted = centre + (fit.best() < first ? -1 : 1) * request.steps() * request.stepSize();
                String problem = travelProblem(focuserLabel, focuser.maxPosition(), shifted, request);
                if (problem == null) {
                    context.log().info("the fitted best focus " + best + " lies outside " + first + " to " + last
                            + "; measuring again around " + shifted);
                    return curve(shifted, centre);
                }
                return fail("the best focus lies outside the measured range " + first + " to " + last + " (the "
                        + fit.type() + " has its minimum at " + best + "), and the range cannot be shifted: " + problem);
            }
            return fail("the best focus lies outside the measured range " + first + " to " + last + " (the "
                    + fit.type() + " has its minimum at " + best + ") after shifting the range once from around "
                    + shiftedFrom + "; measured " + list(points));
        }
        int best = (int) Math.round(fit.best());
        return approach(best).thenCompose(v -> frame(best, " (check frame)")).thenApply(check -> {
            context.progress(1, "best focus " + best + ": " + describe(check.stars()));
            return result(centre, shiftedFrom, points, fit, best, check);
        });
    }

    private Map<String, Object> result(int centre, Integer shiftedFrom, List<Point> points, FocusCurve.Fit fit,
            int best, Point check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", instruments.idOf(camera));
        m.put("focuser", instruments.idOf(focuser));
        m.put("exposure", request.seconds());
        m.put("binning", request.binning());
        m.put("method", request.method());
        m.put("step_size", request.stepSize());
        m.put("steps", request.steps());
        m.put("start_position", shiftedFrom != null ? shiftedFrom : centre);
        m.put("centre", centre);
        m.put("shifted", shiftedFrom != null);
        m.put("points", points.stream().map(Point::toMap).collect(Collectors.toList()));
        m.put("fit", fit.toMap());
        m.put("best_position", best);
        m.put("position", focuser.position());
        m.put("check", check.toMap());
        m.put("check_hfr", check.stars().roundedHfr());
        return m;
    }

    private static String list(List<Point> points) {
        return points.stream().map(p -> p.position() + " " + (p.stars().count() == 0 ? "no stars"
                : Texts.number(p.stars().roundedHfr(), 2) + " px")).collect(Collectors.joining(", "));
    }

    private static <T> CompletableFuture<T> fail(String message) {
        return CompletableFuture.failedFuture(new TaskExecutionException("autofocus failed: " + message));
    }
}
