/**
 * Image files under {@code ORRERY_HOME/data/images}: the one rule for their names, which the
 * bundles that write them follow and the REST route that serves them ({@code GET /images}) checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.image;
