package org.orrery.web.api;

/**
 * Names of Orrery's API servlet context, for bundles that contribute routes.
 *
 * <pre>
 * &#64;Component(service = Servlet.class, property = {
 *     ApiContext.SELECT, "osgi.http.whiteboard.servlet.pattern=/devices/*" })
 * </pre>
 */
public final class ApiContext {

    /** The servlet context's name. */
    public static final String NAME = "org.orrery.api";

    /** The context's path: every route of the API is below it. */
    public static final String PATH = "/api/v1";

    /** Whiteboard property that puts a servlet into the API context. */
    public static final String SELECT = "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + NAME + ")";

    /** Request attribute holding the {@link org.orrery.security.AuthenticatedUser} of the request. */
    public static final String USER_ATTRIBUTE = "org.orrery.user";

    private ApiContext() {
    }
}
