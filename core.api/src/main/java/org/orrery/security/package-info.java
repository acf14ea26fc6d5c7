/**
 * Who may use Orrery: authentication of users, the roles that separate watching, operating and
 * administering, and the audit log of what they did.
 *
 * <p>2.0.0: {@code BasicCredentials} left the package (parsing HTTP headers is not a contract;
 * {@link org.orrery.security.Authenticator#authenticateHttp} takes the header value instead);
 * {@link org.orrery.security.Authentication}, {@link org.orrery.security.AuditLog} and
 * {@link org.orrery.security.AuditEntry} were added.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.orrery.security;
