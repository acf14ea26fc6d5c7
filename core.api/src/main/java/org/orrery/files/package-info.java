/**
 * Files kept by Orrery under one root folder (seed 002's storage): written atomically, optionally
 * compressed and encrypted, read back the same whatever was used, listed in pages. The
 * {@code store.files} bundle provides {@link FileStore}; the {@code storage} action, the REST route
 * {@code GET /api/v1/files/{path}} and camera actions that store frames use it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.orrery.files;
