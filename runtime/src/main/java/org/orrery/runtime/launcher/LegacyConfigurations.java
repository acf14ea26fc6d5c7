package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves configuration files of bundles that were split onto the PIDs of the bundles that replaced
 * them, before the framework starts. The instrument actions were one bundle, {@code devices.actions},
 * configured by {@code etc/org.orrery.devices.actions.cfg}; each of {@code devices.camera},
 * {@code devices.telescope} and {@code devices.microscope} now reads its own PID. The old file is
 * copied to each new PID that has no file yet, then renamed to {@code <name>.migrated} so that it
 * is applied once and kept for reference. (The simulators kept their factory PIDs,
 * {@code org.orrery.devices.simulator.<type>}: their files need nothing.)
 */
final class LegacyConfigurations {

    static final String LEGACY_ACTIONS = "org.orrery.devices.actions";
    static final List<String> ACTIONS_SUCCESSORS = List.of("org.orrery.devices.camera", "org.orrery.devices.telescope",
            "org.orrery.devices.microscope");
    static final String MIGRATED = ".migrated";

    private LegacyConfigurations() {
    }

    /** Migrates the legacy files in {@code etc}; returns one line per file written, for the log. */
    static List<String> migrate(Path etc) throws IOException {
        List<String> done = new ArrayList<>();
        for (String extension : List.of(".cfg", ".config")) {
            Path legacy = etc.resolve(LEGACY_ACTIONS + extension);
            if (!Files.isRegularFile(legacy)) {
                continue;
            }
            String contents = Files.readString(legacy, StandardCharsets.ISO_8859_1);
            for (String pid : ACTIONS_SUCCESSORS) {
                Path target = etc.resolve(pid + extension);
                if (Files.exists(target)) {
                    continue;
                }
                String header = extension.equals(".cfg") ? "# migrated from " + legacy.getFileName() + "\n" : "";
                Files.writeString(target, header + contents, StandardCharsets.ISO_8859_1);
                done.add(legacy.getFileName() + " -> " + target.getFileName());
            }
            Files.move(legacy, legacy.resolveSibling(legacy.getFileName() + MIGRATED),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return done;
    }
}
