package org.orrery.devices.common.action;

import java.util.concurrent.CompletableFuture;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskTimeoutException;

/**
 * A task's wait for the device it needs ({@link Instruments#await}): looked up every
 * {@link Instruments#POLL} on the task's own delays until it is registered and connected, the
 * wait said once in the task's progress and log; a cancelled task stops waiting, a device of
 * another type fails at once, and the end of the device wait fails with what was there instead.
 */
final class DeviceWait<T extends Device> {

    private final Instruments instruments;
    private final ActionContext context;
    private final Class<T> type;
    private final String label;
    private final String id;
    private final long deadline;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private DeviceWait(Instruments instruments, ActionContext context, Class<T> type, String label, String id) {
        this.instruments = instruments;
        this.context = context;
        this.type = type;
        this.label = label;
        this.id = id;
        this.deadline = System.nanoTime() + instruments.settings().deviceWait().toNanos();
    }

    static <T extends Device> CompletableFuture<T> start(Instruments instruments, ActionContext context, Class<T> type,
            String label, String id) {
        DeviceWait<T> wait = new DeviceWait<>(instruments, context, type, label, id);
        wait.poll(false);
        return wait.result;
    }

    private void poll(boolean announced) {
        if (context.isCancelled()) {
            context.cancellation().whenComplete((why, e) -> result.completeExceptionally(why != null ? why : e));
            return;
        }
        Device d = id == null ? instruments.first(type) : instruments.byId(id);
        if (d != null && !type.isInstance(d)) {
            result.completeExceptionally(new TaskParameterException("device '" + id + "' is a " + d.type().id()
                    + ", not a " + label));
            return;
        }
        ConnectionState state = d == null ? null : d.connectionState();
        if (d != null && state == ConnectionState.CONNECTED) {
            if (announced) {
                context.log().info(label + " '" + instruments.idOf(d) + "' is available");
            }
            result.complete(type.cast(d));
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            result.completeExceptionally(new TaskTimeoutException(absent(d, state)));
            return;
        }
        if (!announced) {
            String what = d == null ? "waiting for " + label + (id == null ? "" : " '" + id + "'")
                    : "waiting for " + label + " '" + instruments.idOf(d) + "' to connect (now " + state.id() + ")";
            context.progress(0, what);
            context.log().info(what + ", up to " + Texts.seconds(instruments.settings().deviceWait()));
        }
        context.delay(Instruments.POLL).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                poll(true);
            }
        });
    }

    private String absent(Device d, ConnectionState state) {
        String waited = Texts.seconds(instruments.settings().deviceWait());
        if (d != null) {
            String message = d.statusMessage();
            return label + " '" + instruments.idOf(d) + "' is not connected after waiting " + waited + ": state " + state.id()
                    + (message == null || message.isBlank() ? "" : " (" + message + ")");
        }
        return "no " + label + (id == null ? "" : " '" + id + "'") + " appeared within " + waited + " (devices now: "
                + instruments.describeDevices() + ")";
    }
}
