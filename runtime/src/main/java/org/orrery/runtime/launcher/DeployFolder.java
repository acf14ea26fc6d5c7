package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deploy folder is watched by Felix File Install. Its watcher is a File Install
 * configuration in {@code etc/}, written here on every start when missing, so the folder is
 * watched from the first start on and a user can tune the watcher like any configuration.
 */
final class DeployFolder {

    static final String WATCHER_FILE = "org.apache.felix.fileinstall-deploy.cfg";

    /**
     * File Install's working folder, relative to the home, for every watcher: by default each made a new
     * {@code fileinstall-<n>} in the system's temporary folder at every start and left it there.
     */
    static final String WORK_FOLDER = "data/tmp/fileinstall";

    static final String WATCHER = """
            # Orrery's deploy folder: a bundle (jar) copied here is installed and started;
            # removing the file uninstalls it. Written by the launcher when missing.
            felix.fileinstall.dir=${orrery.home}/deploy
            felix.fileinstall.filter=.*\\\\.jar
            felix.fileinstall.poll=1000
            felix.fileinstall.noInitialDelay=true
            felix.fileinstall.bundles.new.start=true
            felix.fileinstall.log.level=3
            felix.fileinstall.tmpdir=${orrery.home}/%s
            """.formatted(WORK_FOLDER);

    private DeployFolder() {
    }

    static void writeWatcherConfiguration(Path etc) throws IOException {
        Path file = etc.resolve(WATCHER_FILE);
        if (!Files.exists(file)) {
            Files.writeString(file, WATCHER, StandardCharsets.UTF_8);
        }
    }
}
