package org.orrery.devices.common.action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Parameters;
import org.orrery.device.Device;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Stage;
import org.orrery.devices.common.sim.Checks;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

/**
 * Focuser, filter wheel and stage moves, bounded and verified, shared by the telescope actions,
 * {@code camera.expose} (its filter) and the microscope actions.
 */
public final class Moves {

    private Moves() {
    }

    // ---------------------------------------------------------------- focuser

    /** Checks a focuser target against the focuser's travel. */
    private static void checkFocus(Parameters p, String name, String label, Focuser focuser, long position)
            throws TaskParameterException {
        int max = focuser.maxPosition();
        if (max > 0 && position > max) {
            throw p.problem("parameter '" + name + "' is " + position + ", beyond the travel of " + label + " (0 to "
                    + max + ")");
        }
    }

    /**
     * Checks the target (parameter {@code name}) against the focuser's travel, then moves the
     * focuser and verifies it stopped within the tolerance; completes with the position reached,
     * or fails with the {@link TaskParameterException} of a target out of travel. The wait is
     * bounded by the margin plus the steps at the slowest assumed rate.
     */
    public static CompletableFuture<Integer> focus(ActionContext context, Instruments instruments, Parameters p, String name,
            Focuser focuser, String label, Device watched, long position, double speed) {
        return focus(context, instruments, p, name, focuser, label, watched, position, speed, true);
    }

    /** {@link #focus}, reporting the move as the task's progress only when {@code report} (a step of a longer run does not). */
    public static CompletableFuture<Integer> focus(ActionContext context, Instruments instruments, Parameters p, String name,
            Focuser focuser, String label, Device watched, long position, double speed, boolean report) {
        try {
            checkFocus(p, name, label, focuser, position);
        } catch (TaskParameterException e) {
            return CompletableFuture.failedFuture(e);
        }
        int target = (int) position;
        Settings s = instruments.settings();
        int from = focuser.position();
        double seconds = Math.abs(target - from) / (s.focuserStepsPerSecond() * speed);
        Duration timeout = s.focuserMargin().plus(Duration.ofNanos(Math.round(seconds * 1e9)));
        int tolerance = s.focuserToleranceSteps();
        if (report) {
            context.progress(0, "moving " + label + " from " + from + " to " + target);
        }
        return Waits.operation(context, instruments, watched, label + " move to " + target, timeout,
                () -> label + " did not finish the move from " + from + " to " + target + " within "
                        + Texts.seconds(timeout) + " (now at " + focuser.position() + ", moving: "
                        + yesNo(focuser.moving()) + "); the move was aborted",
                focuser::abort, () -> focuser.moveTo(target, speed))
                .thenCompose(v -> Waits.verify(context, s.settle(),
                        () -> Math.abs(focuser.position() - target) <= tolerance && !focuser.moving(),
                        () -> label + " reported the move done at " + focuser.position() + (focuser.moving()
                                ? " and still moving" : "") + ", " + Math.abs(focuser.position() - target)
                                + " steps from the target " + target + " (tolerance " + tolerance + ")"))
                .thenApply(v -> {
                    if (report) {
                        context.progress(1, label + " at " + focuser.position());
                    }
                    return focuser.position();
                });
    }

    // ---------------------------------------------------------------- filter wheel

    /**
     * The slot a filter parameter names: a whole number is a slot (1 to the number of filters,
     * when the wheel says how many), a string a filter name (case and surrounding blanks ignored).
     */
    public static int slotOf(Parameters p, String name, Object filter, FilterWheel wheel, String label)
            throws TaskParameterException {
        List<String> names = names(wheel);
        Long slot = filter instanceof String ? null : Parameters.wholeNumber(filter);
        if (slot != null) {
            if (slot < 1 || (!names.isEmpty() && slot > names.size())) {
                throw p.problem("parameter '" + name + "' is slot " + slot + ", but " + label + " has slots 1 to "
                        + names.size() + " (" + describeSlots(names) + ")");
            }
            return slot.intValue();
        }
        if (filter instanceof String s) {
            String wanted = s.trim();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i) != null && names.get(i).trim().equalsIgnoreCase(wanted)) {
                    return i + 1;
                }
            }
            throw p.problem("filter '" + wanted + "' is not in " + label + " ("
                    + (names.isEmpty() ? "it names no filters" : describeSlots(names)) + ")");
        }
        throw p.wrongType(name, "a filter name or a slot number from 1", filter);
    }

    private static List<String> names(FilterWheel wheel) {
        List<String> names = wheel.filterNames();
        return names == null ? List.of() : names;
    }

    /** {@code 1 L, 2 R, 3 G, 4 B}. */
    public static String describeSlots(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add((i + 1) + " " + names.get(i));
        }
        return String.join(", ", parts);
    }

    /** {@code slot 2 (R)}, or {@code slot 2} when the wheel names no filter there. */
    public static String describeSlot(FilterWheel wheel, int slot) {
        String name = nameOf(wheel, slot);
        return "slot " + slot + (name == null ? "" : " (" + name + ")");
    }

    /** The name of the filter in a slot, or null. */
    public static String nameOf(FilterWheel wheel, int slot) {
        List<String> names = names(wheel);
        return slot >= 1 && slot <= names.size() ? names.get(slot - 1) : null;
    }

    /** Turns the wheel to the slot and verifies it is there and stopped; completes with the slot. */
    public static CompletableFuture<Integer> filter(ActionContext context, Instruments instruments, FilterWheel wheel,
            String label, int slot) {
        Settings s = instruments.settings();
        String target = describeSlot(wheel, slot);
        if (wheel.slot() == slot && !wheel.moving()) {
            return CompletableFuture.completedFuture(slot);
        }
        Duration timeout = s.filterTimeout();
        context.progress(0, "turning " + label + " to " + target);
        return Waits.operation(context, instruments, wheel, label + " change to " + target, timeout,
                () -> label + " did not bring " + target + " into place within " + Texts.seconds(timeout) + " (now at "
                        + describeSlot(wheel, wheel.slot()) + ", moving: " + yesNo(wheel.moving()) + ")",
                () -> { }, () -> wheel.select(slot))
                .thenCompose(v -> Waits.verify(context, s.settle(), () -> wheel.slot() == slot && !wheel.moving(),
                        () -> label + " reported the change done with " + describeSlot(wheel, wheel.slot())
                                + (wheel.moving() ? " and still moving" : "") + " in place; expected " + target))
                .thenApply(v -> slot);
    }

    // ---------------------------------------------------------------- stage

    /** Checks a stage target against the stage's limits. */
    private static void checkStage(Parameters p, String label, Stage stage, double x, double y, double z)
            throws TaskParameterException {
        double[] limits = stage.limits();
        if (limits == null || limits.length < 6) {
            return;
        }
        String[] axes = {"x", "y", "z"};
        double[] v = {x, y, z};
        for (int i = 0; i < 3; i++) {
            if (v[i] < limits[2 * i] || v[i] > limits[2 * i + 1]) {
                throw p.problem("parameter '" + axes[i] + "' is " + Texts.number(v[i], 3) + " µm, outside the travel of "
                        + label + ": " + Texts.number(limits[2 * i], 3) + " to " + Texts.number(limits[2 * i + 1], 3)
                        + " µm");
            }
        }
    }

    /**
     * Checks the target against the stage's travel, then moves the stage and verifies every axis
     * within the tolerance; completes with the position reached, or fails with the
     * {@link TaskParameterException} of a target out of travel.
     */
    public static CompletableFuture<double[]> stage(ActionContext context, Instruments instruments, Parameters parameters,
            Stage stage, String label, Device watched, double x, double y, double z) {
        try {
            checkStage(parameters, label, stage, x, y, z);
        } catch (TaskParameterException e) {
            return CompletableFuture.failedFuture(e);
        }
        Settings s = instruments.settings();
        double[] from = stage.position();
        double distance = Math.sqrt(sq(x - from[0]) + sq(y - from[1]) + sq(z - from[2]));
        Duration timeout = s.stageMargin()
                .plus(Duration.ofNanos(Math.round(distance / s.stageMicronsPerSecond() * 1e9)));
        double tolerance = s.stageToleranceMicrons();
        String target = xyz(x, y, z);
        context.progress(0, "moving " + label + " to " + target);
        return Waits.operation(context, instruments, watched, label + " move to " + target, timeout,
                () -> label + " did not finish the move to " + target + " within " + Texts.seconds(timeout)
                        + " (now at " + xyz(stage.position()) + ", moving: " + yesNo(stage.moving())
                        + "); the move was aborted",
                stage::abort, () -> stage.moveTo(x, y, z))
                .thenCompose(v -> Waits.verify(context, s.settle(), () -> {
                    double[] p = stage.position();
                    return Math.abs(p[0] - x) <= tolerance && Math.abs(p[1] - y) <= tolerance
                            && Math.abs(p[2] - z) <= tolerance && !stage.moving();
                }, () -> {
                    double[] p = stage.position();
                    double off = Math.sqrt(sq(p[0] - x) + sq(p[1] - y) + sq(p[2] - z));
                    return label + " reported the move done at " + xyz(p) + (stage.moving() ? " and still moving" : "")
                            + ", " + Texts.number(off, 3) + " µm from the target " + target + " (tolerance "
                            + Texts.number(tolerance, 3) + " µm per axis)";
                }))
                .thenApply(v -> stage.position());
    }

    public static String xyz(double... p) {
        return String.format(Locale.ROOT, "x %s y %s z %s µm", Texts.number(p[0], 3), Texts.number(p[1], 3),
                Texts.number(p[2], 3));
    }

    private static double sq(double d) {
        return d * d;
    }

    public static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
