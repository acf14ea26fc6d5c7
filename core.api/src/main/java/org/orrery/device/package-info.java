/**
 * Orrery's device contracts: what a camera, a mount, a focuser, a filter wheel, a stage, a
 * microscope and a safety monitor can do, whatever drives them (a simulator, INDI, ASCOM Alpaca).
 *
 * <p>A driver bundle registers each configured instrument as a DS service under its typed
 * interface ({@link Camera}, {@link Mount}, …) and {@link Device}, with the service properties
 * {@link Device#ID}, {@link Device#TYPE} and {@link Device#DRIVER}. Actions find devices in the
 * service registry; a device is an exclusive scheduler resource named {@link Device#resourceName()}.
 *
 * <p>Every operation that waits returns a {@link java.util.concurrent.CompletionStage}: it
 * completes when the device reports the operation done, or exceptionally with a
 * {@link DeviceException} saying what was expected and what was seen. Callers put a timeout on
 * every wait and verify the outcome (position reached, filter in place, image not empty).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.orrery.device;
