package org.orrery.web.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.orrery.agent.Agents;
import org.orrery.device.Device;
import org.orrery.sequence.SequenceManager;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Orrery" category of the Felix Web Console (Web Console 5's Jakarta plugin API): a status
 * page at {@code /system/console/orrery} ({@link StatusPage}). Every service it shows is
 * optional and dynamic, so the page works, and says what is missing, while bundles come and go.
 * GET only reads. The one change, pausing or resuming the scheduler, is a POST from the page's
 * form ({@link SchedulerCommand}), refused unless it comes from the console's own address
 * ({@link ConsoleOrigins}); the console's security provider admits admins only.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + OrreryConsolePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Orrery",
        ServletConstants.PLUGIN_CATEGORY + "=Orrery" })
public final class OrreryConsolePlugin extends AbstractServlet {

    static final String LABEL = "orrery";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Scheduler scheduler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient SequenceManager sequences;

    /** The device services by service id; each is got when a page first shows it, not when it binds. */
    private final transient Map<Object, ShownDevice> devices = new ConcurrentHashMap<>();

    @Reference(service = Device.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDevice")
    void addDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        devices.put(properties.get(Constants.SERVICE_ID), new ShownDevice(device));
    }

    void removeDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        devices.remove(properties.get(Constants.SERVICE_ID));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Agents agents;

    /** Only its properties are read (which database), never the store itself. */
    @Reference(service = TaskStore.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient ServiceReference<TaskStore> store;

    private final transient ConsoleOrigins origins;

    @Activate
    public OrreryConsolePlugin(BundleContext context) {
        this(ConsoleOrigins.fromProperties(context::getProperty));
    }

    OrreryConsolePlugin(ConsoleOrigins origins) {
        this.origins = origins;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        setNoCache(response);
        StatusPage.render(response.getWriter(), status());
    }

    /** Pauses or resumes the scheduler, then sends the browser back to the page (303). */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SchedulerCommand.Refusal refusal = SchedulerCommand.post(origins, request, scheduler);
        if (refusal != null) {
            ProblemJson.send(response, refusal.status(), refusal.title(), refusal.detail());
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getRequestURI());
    }

    /** The services as they are now. */
    ConsoleStatus status() {
        List<Device> now = new ArrayList<>();
        devices.values().forEach(shown -> {
            Device device = shown.get();
            if (device != null) {
                now.add(device);
            }
        });
        ServiceReference<TaskStore> storeNow = store;
        Map<String, Object> storeProperties = null;
        if (storeNow != null) {
            storeProperties = new HashMap<>();
            for (String key : storeNow.getPropertyKeys()) {
                storeProperties.put(key, storeNow.getProperty(key));
            }
        }
        return new ConsoleStatus(scheduler, sequences, now, agents, storeProperties);
    }

    /**
     * A bound device service and, once a page has shown it, its object: one entry per service, so
     * that unbinding it forgets both at once (nothing of a removed driver bundle stays referenced).
     */
    private static final class ShownDevice {

        private final ComponentServiceObjects<Device> objects;
        private volatile Device device;

        ShownDevice(ComponentServiceObjects<Device> objects) {
            this.objects = objects;
        }

        /** The device, got on the first call; null while its registration cannot give it. */
        Device get() {
            Device d = device;
            if (d == null) {
                synchronized (this) {
                    d = device;
                    if (d == null) {
                        d = objects.getService();
                        device = d;
                    }
                }
            }
            return d;
        }
    }
}
