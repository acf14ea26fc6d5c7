package org.orrery.agents.process.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One entry of the process agent's allow list: a factory configuration ({@value #PID}) per
 * program, e.g. {@code etc/org.orrery.agents.process.program-solver.cfg}. The agent runs only
 * programs named by such an entry.
 */
@Component(name = AllowedProgram.PID, configurationPid = AllowedProgram.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = AllowedProgram.class)
@Designate(ocd = AllowedProgram.Config.class, factory = true)
public final class AllowedProgram {

    static final String PID = "org.orrery.agents.process.program";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ObjectClassDefinition(id = PID, name = "Orrery process agent: allowed program",
            description = "A program the process agent may run, under a name tasks use.")
    public @interface Config {

        @AttributeDefinition(name = "Name", description = "What tasks call it (parameter 'program'), "
                + "e.g. solve-field; letters, digits, '.', '_' and '-', at most 64.")
        String name();

        @AttributeDefinition(name = "Executable", description = "Absolute path of the executable, "
                + "e.g. /usr/bin/solve-field. It is run directly, never through a shell.")
        String path();

        @AttributeDefinition(name = "Working folders", required = false,
                description = "Folders under the agent's working root this program may run in (relative paths; "
                        + "comma-separated or several values). Empty: anywhere under the root. The first is the default.")
        String[] working_dirs() default {};

        @AttributeDefinition(name = "Default time limit (s)", required = false,
                description = "The time limit of a task that names none; 0: the agent's default.")
        double time_limit_seconds() default 0;
    }

    private final String name;
    private final Path executable;
    private final List<Path> workingDirs;
    private final Duration timeLimit;

    @Activate
    public AllowedProgram(Config config) {
        this(config.name(), config.path(), Lists.split(config.working_dirs()), config.time_limit_seconds());
    }

    AllowedProgram(String name, String path, List<String> workingDirs, double timeLimitSeconds) {
        String where = PID + " '" + name + "'";
        if (name == null || !NAME.matcher(name.trim()).matches()) {
            throw new IllegalArgumentException(PID + ": name must be 1 to 64 letters, digits, '.', '_' or '-', was '"
                    + name + "'");
        }
        this.name = name.trim();
        if (path == null || path.isBlank() || !Path.of(path.trim()).isAbsolute()) {
            throw new IllegalArgumentException(where + ": path must be an absolute path of an executable, was '"
                    + path + "'");
        }
        this.executable = Path.of(path.trim()).normalize();
        this.workingDirs = workingDirs.stream().map(dir -> {
            Path relative = Path.of(dir).normalize();
            if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
                throw new IllegalArgumentException(where + ": working_dirs entry '" + dir
                        + "' must be a folder relative to the working root, inside it");
            }
            return relative;
        }).toList();
        if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
            throw new IllegalArgumentException(where + ": time_limit_seconds must be 0 or more, was " + timeLimitSeconds);
        }
        this.timeLimit = timeLimitSeconds == 0 ? null : Duration.ofNanos((long) (timeLimitSeconds * 1e9));
    }

    static AllowedProgram of(String name, Path executable, String... workingDirs) {
        return new AllowedProgram(name, executable.toString(), List.of(workingDirs), 0);
    }

    AllowedProgram withTimeLimit(double seconds) {
        return new AllowedProgram(name, executable.toString(), workingDirs.stream().map(Path::toString).toList(), seconds);
    }

    String name() {
        return name;
    }

    Path executable() {
        return executable;
    }

    /** Folders relative to the working root it may run in; empty: anywhere under the root. */
    List<Path> workingDirs() {
        return workingDirs;
    }

    /** Its default time limit, or null for the agent's. */
    Duration timeLimit() {
        return timeLimit;
    }

    /** Why it cannot run now (missing, not executable), or null. */
    String unusable() {
        if (!Files.isRegularFile(executable)) {
            return "program '" + name + "' (" + executable + ") does not exist";
        }
        if (!Files.isExecutable(executable)) {
            return "program '" + name + "' (" + executable + ") is not executable";
        }
        return null;
    }
}
