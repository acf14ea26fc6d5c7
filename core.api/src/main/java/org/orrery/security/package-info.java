/**
 * Who may use Orrery: authentication of users, the roles that separate watching, operating and
 * administering, and the audit log of what they did.
 *
 * <p>2.0.0: {@code BasicCredentials} left the package (parsing HTTP headers is not a contract;
 * {@link org.orrery.security.Authenticator#authenticateHttp} takes the header value instead);
 * {@link org.orrery.security.Authentication}, {@link org.orrery.security.AuditLog} and
 * {@link org.orrery.security.AuditEntry} were added.
 *
 * <p>2.1.0: {@link org.orrery.security.Role#AGENT}, outside the viewer &lt; operator &lt; admin
 * chain, for the tokens of remote agents.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.orrery.security;
