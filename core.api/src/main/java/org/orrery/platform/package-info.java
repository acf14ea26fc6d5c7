/**
 * Facts about the running Orrery instance that every bundle may need: where its home folder
 * is and what the folders in it are for.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.platform;
