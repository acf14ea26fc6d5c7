package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;

import org.orrery.web.api.ApiContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Rules for the whole HTTP server, before any servlet context is chosen (a whiteboard
 * {@link Preprocessor}): TRACE and TRACK are refused (405) everywhere, the Web Console included.
 *
 * <p>While the framework stops, bundles stop one by one and the API's routes disappear before
 * the server does: a call in that window would get the server's HTML 404. So when the system
 * bundle starts stopping, a second preprocessor is registered in the system bundle's name (it
 * outlives this bundle) that answers every {@value ApiContext#PATH} call 503 problem+json.
 */
@Component(service = Preprocessor.class, immediate = true)
public final class ServerGuard implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(ServerGuard.class);

    private final BundleContext context;
    private final SynchronousBundleListener stopping;

    @Activate
    public ServerGuard(BundleContext context) {
        this.context = context;
        this.stopping = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                registerStopping(event.getBundle());
            }
        };
        context.addBundleListener(stopping);
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(stopping);
        } catch (IllegalStateException e) {
            // this bundle is stopping already: its listeners go with it
        }
    }

    private static void registerStopping(Bundle system) {
        BundleContext systemContext = system.getBundleContext();
        if (systemContext != null) {
            // unregistered with the system bundle, once the framework has stopped
            LOG.info("The framework is stopping: API calls are answered 503 from now on");
            systemContext.registerService(Preprocessor.class, new Stopping(),
                    new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && refusedMethod(http.getMethod())) {
            answer.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
            Problems.send(answer, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                    http.getMethod() + " is not allowed on this server");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean refusedMethod(String method) {
        return "TRACE".equalsIgnoreCase(method) || "TRACK".equalsIgnoreCase(method);
    }

    /** Answers every API call 503 while the framework stops. */
    static final class Stopping implements Preprocessor {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                    && (http.getRequestURI().equals(ApiContext.PATH) || http.getRequestURI().startsWith(ApiContext.PATH + "/"))) {
                answer.setHeader("Retry-After", "10");
                answer.setHeader("Connection", "close");
                Problems.send(answer, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                        "Orrery is stopping; nothing was accepted");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
