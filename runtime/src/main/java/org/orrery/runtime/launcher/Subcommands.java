package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The launcher's command line: {@code java -jar orrery.jar [<subcommand>] …}. No subcommand (or only
 * {@code --shell}) starts the runtime; the others do their work and end with an exit status: 0 done,
 * 1 {@code check} found a problem, 2 refused or failed (the message says why), as a start that cannot
 * start.
 */
final class Subcommands {

    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int REFUSED = Launcher.EXIT_CANNOT_START;

    static final String HELP = """
            Usage: orrery [<subcommand>] [options]      (java -jar orrery.jar …)
              (none)                       start the runtime
                --shell                      with the Gogo shell on this terminal
              version                      Orrery's version, the home format, Java and OS
              check                        what would stop a start (home, lock, settings, port,
                                           configuration, task database), without starting
              backup <file> [--with-data]  an online copy of the home (etc/, deploy/, users, tokens,
                                           the SQLite task database) into a zip file (mode 0600);
                                           --with-data adds the folders of data/ (images, files)
              restore <file> [--force]     a backup into a home no runtime uses; --force replaces
                                           a home that is not empty
              reset-admin-password         a new admin password (generated, or ORRERY_ADMIN_PASSWORD),
                                           applied at the next start
              help, --help                 this text
            Environment: ORRERY_HOME (default ./orrery-home), ORRERY_HTTP_HOST (127.0.0.1),
              ORRERY_HTTP_PORT (8080), ORRERY_ADMIN_PASSWORD (first start only),
              ORRERY_SHELL, ORRERY_LOG_LEVEL. Settings: ORRERY_HOME/etc/orrery.properties""";

    static final Set<String> START_OPTIONS = Set.of("--shell");

    private final Map<String, String> environment;
    private final Path workingDir;
    private final PrintStream out;
    private final PrintStream err;

    Subcommands(Map<String, String> environment, Path workingDir, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
    }

    /** Runs the subcommand {@code arguments} name; empty when they mean: start the runtime. */
    Optional<Integer> run(List<String> arguments) {
        if (arguments.isEmpty() || START_OPTIONS.containsAll(arguments)) {
            return Optional.empty();
        }
        String command = arguments.get(0);
        List<String> rest = arguments.subList(1, arguments.size());
        try {
            return Optional.of(switch (command) {
                case "help", "--help", "-h" -> help();
                case "version" -> version(rest);
                case "check" -> check(rest);
                case "backup" -> backup(rest);
                case "restore" -> restore(rest);
                case "reset-admin-password" -> resetAdminPassword(rest);
                default -> unknown("unknown subcommand or option '" + command + "'");
            });
        } catch (LaunchException e) {
            err.println("orrery " + command + ": " + e.getMessage());
            return Optional.of(REFUSED);
        } catch (IOException e) {
            err.println("orrery " + command + ": " + HomeFolder.describe(e));
            return Optional.of(REFUSED);
        }
    }

    private int help() {
        out.println(HELP);
        return OK;
    }

    private int unknown(String what) {
        err.println("orrery: " + what);
        err.println(HELP);
        return REFUSED;
    }

    private int version(List<String> rest) throws LaunchException {
        options(rest, 0, Set.of());
        out.println("Orrery " + OrreryVersion.current());
        out.println("Home format " + HomeFormat.CURRENT);
        out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        out.println("OS " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        return OK;
    }

    private int check(List<String> rest) throws LaunchException {
        options(rest, 0, Set.of());
        Path home = home();
        out.println("Checking the home " + home);
        List<HomeCheck.Result> results = new HomeCheck(home, environment, new BundleJars(Launcher.bundleFolder())).run();
        results.forEach(out::println);
        long problems = results.stream().filter(r -> !r.ok()).count();
        out.println(problems == 0 ? "Nothing stops a start." : problems + " problem" + (problems == 1 ? "" : "s")
                + " would stop or spoil a start.");
        return problems == 0 ? OK : PROBLEMS;
    }

    private int backup(List<String> rest) throws LaunchException, IOException {
        List<String> files = options(rest, 1, Set.of("--with-data"));
        Path archive = workingDir.resolve(files.get(0)).toAbsolutePath().normalize();
        Path home = home();
        long started = System.nanoTime();
        int count = new HomeBackup(home, new BundleJars(Launcher.bundleFolder()), out).write(archive, rest.contains("--with-data"));
        out.printf("Backed up %s into %s (%d files, %d ms)%n", home, archive, count, (System.nanoTime() - started) / 1_000_000);
        return OK;
    }

    private int restore(List<String> rest) throws LaunchException, IOException {
        List<String> files = options(rest, 1, Set.of("--force"));
        Path archive = workingDir.resolve(files.get(0)).toAbsolutePath().normalize();
        Path home = home();
        var description = new HomeRestore(home).restore(archive, rest.contains("--force"));
        out.println("Restored " + archive + " (Orrery " + description.getProperty("orrery.version") + ", made "
                + description.getProperty("created") + ") into " + home);
        if ("postgresql".equals(description.getProperty("database"))) {
            out.println("The task database is PostgreSQL: restore it with pg_restore.");
        }
        return OK;
    }

    private int resetAdminPassword(List<String> rest) throws LaunchException, IOException {
        options(rest, 0, Set.of());
        out.println(new AdminPasswordReset(home()).reset(environment));
        return OK;
    }

    private Path home() {
        return HomeFolder.locate(environment, workingDir);
    }

    /**
     * The operands of a subcommand: exactly {@code operands} of them, and options only from {@code allowed}.
     */
    private static List<String> options(List<String> rest, int operands, Set<String> allowed) throws LaunchException {
        List<String> found = rest.stream().filter(a -> !a.startsWith("--")).toList();
        for (String option : rest) {
            if (option.startsWith("--") && !allowed.contains(option)) {
                throw new LaunchException("unknown option '" + option + "'" + (allowed.isEmpty() ? "" : "; known: " + allowed));
            }
        }
        if (found.size() != operands) {
            throw new LaunchException(operands == 0 ? "takes no arguments, found " + found
                    : "needs " + operands + " file name, found " + found.size() + " (" + String.join(" ", found) + ")");
        }
        return found;
    }
}
