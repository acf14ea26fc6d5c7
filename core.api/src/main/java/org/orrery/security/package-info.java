/**
 * Who may use Orrery: authentication of users and the roles that separate watching,
 * operating and administering.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.security;
