package org.orrery.web.api.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.Scheduler;
import org.orrery.task.TaskStore;
import org.orrery.web.api.ApiContext;
import org.orrery.web.api.internal.Health.BundleFact;
import org.orrery.web.api.internal.Health.BundleStatus;
import org.orrery.web.api.internal.Health.ComponentFact;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/health}: 200 when Orrery is ready, 503 before that. Without credentials
 * only the status; signed in (any role), also the version, uptime, counts and the names of what
 * is missing (the task store first when its bundle is there but its service is not).
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/health",
        "osgi.http.whiteboard.servlet.name=orrery-health" })
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient ServiceComponentRuntime scr;

    /** Bound once the scheduler is usable (its component may be satisfied a moment before it is). */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile Scheduler scheduler;

    /** Bound once the sequence service is usable. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile org.orrery.sequence.SequenceManager sequences;

    @Activate
    public HealthServlet(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean signedIn = request.getAttribute(ApiContext.USER_ATTRIBUTE) != null;
        boolean frameworkStarting = context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE;
        if (frameworkStarting && !signedIn) {
            // the answer is known, and an anonymous one is only the status: no need to describe every
            // component (what a probe polling every few milliseconds during the start would pay each time)
            writeStatusOnly(response, false);
            return;
        }
        Health.Report report = Health.evaluate(bundleFacts(), componentFacts(),
                context.getServiceReference(TaskStore.class) != null, scheduler != null, sequences != null);
        if (frameworkStarting) {
            report = report.notReadyBecause(Health.FRAMEWORK_STARTING);
        }
        if (!signedIn) {
            writeStatusOnly(response, report.ready());
            return;
        }
        startAnswer(response, report.ready());
        try (JsonGenerator json = Problems.JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("status", report.ready() ? "UP" : "STARTING");
            json.writeStringField("version", context.getBundle().getVersion().toString());
            json.writeNumberField("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
            json.writeObjectFieldStart("bundles");
            json.writeNumberField("total", report.bundles());
            json.writeNumberField("active", report.activeBundles());
            json.writeEndObject();
            json.writeNumberField("components", report.components());
            if (!report.ready()) {
                json.writeArrayFieldStart("missing");
                for (String missing : report.missing()) {
                    json.writeString(missing);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    private static void startAnswer(HttpServletResponse response, boolean ready) {
        response.setStatus(ready ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
    }

    private static void writeStatusOnly(HttpServletResponse response, boolean ready) throws IOException {
        startAnswer(response, ready);
        try (JsonGenerator json = Problems.JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("status", ready ? "UP" : "STARTING");
            json.writeEndObject();
        }
    }

    private List<BundleFact> bundleFacts() {
        List<BundleFact> facts = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            facts.add(new BundleFact(String.valueOf(bundle.getSymbolicName()), bundle.getVersion().toString(),
                    status(bundle.getState()), bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null,
                    Constants.ACTIVATION_LAZY.equals(bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY))));
        }
        return facts;
    }

    private List<ComponentFact> componentFacts() {
        List<ComponentFact> facts = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(description) || description.factory != null) {
                continue;
            }
            String bundle = description.bundle.symbolicName;
            var configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                boolean needsConfiguration = "require".equals(description.configurationPolicy);
                facts.add(new ComponentFact(description.name, bundle,
                        needsConfiguration ? "WAITING_FOR_CONFIGURATION" : "NOT_CREATED", List.of()));
                continue;
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                List<String> references = new ArrayList<>();
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    references.add(reference.name + " " + reference.target);
                }
                facts.add(new ComponentFact(description.name, bundle, state(configuration.state), references));
            }
        }
        return facts;
    }

    private static BundleStatus status(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> BundleStatus.ACTIVE;
            case Bundle.STARTING -> BundleStatus.STARTING;
            case Bundle.STOPPING -> BundleStatus.STOPPING;
            case Bundle.RESOLVED -> BundleStatus.RESOLVED;
            default -> BundleStatus.INSTALLED;
        };
    }

    private static String state(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "UNKNOWN";
        };
    }
}
