package org.orrery.devices.camera.internal;

import org.orrery.device.Device;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Mount;
import org.orrery.devices.common.sim.FocuserDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The simulated camera's mount, focuser and filter wheel, found in the service registry by
 * {@code device.id} with service trackers: they may come and go while the camera runs.
 */
public final class TrackedPeers implements SimulatedCamera.Peers {

    private final ServiceTracker<Mount, Mount> mount;
    private final ServiceTracker<Focuser, Focuser> focuser;
    private final ServiceTracker<FilterWheel, FilterWheel> wheel;

    public TrackedPeers(BundleContext context, String mountId, String focuserId, String wheelId) {
        mount = open(context, Mount.class, mountId);
        focuser = open(context, Focuser.class, focuserId);
        wheel = open(context, FilterWheel.class, wheelId);
    }

    private static <T> ServiceTracker<T, T> open(BundleContext context, Class<T> type, String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            return null;
        }
        try {
            Filter filter = FrameworkUtil.createFilter("(&(objectClass=" + type.getName() + ")(" + Device.ID + "="
                    + escape(deviceId.trim()) + "))");
            ServiceTracker<T, T> t = new ServiceTracker<>(context, filter, null);
            t.open();
            return t;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("device id '" + deviceId + "' makes no valid filter: " + e.getMessage(),
                    e);
        }
    }

    public static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public Mount mount() {
        return mount == null ? null : mount.getService();
    }

    @Override
    public Focuser focuser() {
        return focuser == null ? null : focuser.getService();
    }

    @Override
    public int bestFocus(Focuser f) {
        ServiceReference<Focuser> ref = focuser == null ? null : focuser.getServiceReference();
        Object best = ref == null ? null : ref.getProperty(FocuserDevice.BEST_POSITION);
        if (best instanceof Number n) {
            return n.intValue();
        }
        if (best instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return f.maxPosition() / 2;
    }

    @Override
    public FilterWheel filterWheel() {
        return wheel == null ? null : wheel.getService();
    }

    @Override
    public void close() {
        for (ServiceTracker<?, ?> t : new ServiceTracker<?, ?>[] {mount, focuser, wheel}) {
            if (t != null) {
                t.close();
            }
        }
    }
}
