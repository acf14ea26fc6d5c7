package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import jakarta.servlet.http.HttpServletRequest;

class HealthServletTest {

    private final AtomicInteger componentLookups = new AtomicInteger();
    private int frameworkState = Bundle.STARTING;

    @Test
    void anAnonymousProbeDuringTheStartIsAnsweredWithoutDescribingEveryComponent() throws Exception {
        FakeHttp http = new FakeHttp();
        servlet().doGet(anonymous(), http.response());
        assertEquals(503, http.status);
        assertEquals("{\"status\":\"STARTING\"}", http.body());
        assertEquals(0, componentLookups.get(), "components described for an answer that was already known");
    }

    @Test
    void aSignedInRequestDuringTheStartStillGetsWhatIsMissing() throws Exception {
        FakeHttp http = new FakeHttp();
        servlet().doGet(FakeHttp.request("GET", "", Role.VIEWER), http.response());
        assertEquals(503, http.status);
        assertEquals(1, componentLookups.get());
        assertEquals(true, http.body().contains(Health.FRAMEWORK_STARTING), http.body());
    }

    @Test
    void anAnonymousProbeOnceStartedIsAnsweredFromTheWholeEvaluation() throws Exception {
        frameworkState = Bundle.ACTIVE;
        FakeHttp http = new FakeHttp();
        servlet().doGet(anonymous(), http.response());
        assertEquals(1, componentLookups.get());
        // nothing of Orrery's is installed in this framework, so nothing is missing; only the status is said
        assertEquals(200, http.status);
        assertEquals("{\"status\":\"UP\"}", http.body());
    }

    private HealthServlet servlet() {
        Bundle system = proxy(Bundle.class, (m, args) -> switch (m) {
            case "getState" -> frameworkState;
            case "getBundleId" -> 0L;
            case "getVersion" -> org.osgi.framework.Version.emptyVersion;
            default -> null;
        });
        BundleContext context = proxy(BundleContext.class, (m, args) -> switch (m) {
            case "getBundle" -> system;
            case "getBundles" -> new Bundle[] { system };
            default -> null;
        });
        ServiceComponentRuntime scr = proxy(ServiceComponentRuntime.class, (m, args) -> {
            if ("getComponentDescriptionDTOs".equals(m)) {
                componentLookups.incrementAndGet();
                return List.of();
            }
            return null;
        });
        return new HealthServlet(context, scr);
    }

    private static HttpServletRequest anonymous() {
        HttpServletRequest request = FakeHttp.request("GET", "", Role.VIEWER);
        request.setAttribute(ApiContext.USER_ATTRIBUTE, null);
        return request;
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(HealthServletTest.class.getClassLoader(), new Class<?>[] { type },
                (p, m, args) -> answer.answer(m.getName(), args));
    }
}
