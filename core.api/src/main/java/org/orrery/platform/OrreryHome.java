package org.orrery.platform;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The runtime's home folder and its parts. The launcher creates it and hands its absolute
 * path to every bundle in the framework property {@value #PROPERTY}.
 *
 * <pre>
 * etc/      configuration (*.cfg files become Config Admin configurations)
 * deploy/   bundles dropped here are installed and started; removing the file uninstalls
 * data/     framework state, databases, images
 * logs/     the rolling log file
 * </pre>
 *
 * @param root the absolute home folder
 */
public record OrreryHome(Path root) {

    /** Framework property that holds the absolute path of the home folder. */
    public static final String PROPERTY = "orrery.home";

    public OrreryHome {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The home named by a framework property value.
     *
     * @throws IllegalStateException when the property is missing: the bundle runs outside
     *         the Orrery launcher and was not told where its home is
     */
    public static OrreryHome fromProperty(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("framework property '" + PROPERTY
                    + "' is not set: start Orrery with its launcher or set the property to the home folder");
        }
        return new OrreryHome(Path.of(value.trim()));
    }

    public Path etc() {
        return root.resolve("etc");
    }

    public Path deploy() {
        return root.resolve("deploy");
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path logs() {
        return root.resolve("logs");
    }
}
