/**
 * How bundles add routes to Orrery's HTTP API: register a Jakarta servlet on the OSGi servlet
 * whiteboard, selecting the servlet context named {@link org.orrery.web.api.ApiContext#NAME}.
 * Every request to it is authenticated the same way; the authenticated user is in the request
 * attribute {@link org.orrery.web.api.ApiContext#USER_ATTRIBUTE}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.web.api;
