package org.orrery.runtime.launcher;

/** This Orrery's version, from the launcher jar's manifest ({@code Implementation-Version}). */
final class OrreryVersion {

    static final String UNKNOWN = "development build";

    private OrreryVersion() {
    }

    static String current() {
        String version = Launcher.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNKNOWN : version;
    }
}
