package org.orrery.agents.process.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.orrery.task.TaskParameterException;

/**
 * One run, read from a task's parameters and checked against the allow list and the limits.
 *
 * @param program the allowed program
 * @param args its arguments, each passed as one argument
 * @param workingDir the absolute folder it runs in, under the working root
 * @param env variables added to the inherited ones
 * @param timeLimit when it is ended
 * @param stdin text written to its standard input, or null (its input is then closed at once)
 */
record RunRequest(AllowedProgram program, List<String> args, Path workingDir, Map<String, String> env,
        Duration timeLimit, String stdin) {

    /** The task type that names the program in its {@code program} parameter; any other type names it itself. */
    static final String RUN = "process.run";
    static final String PROGRAM = "program";
    static final String ARGS = "args";
    static final String WORKING_DIR = "working_dir";
    static final String ENV = "env";
    static final String TIME_LIMIT = "time_limit_seconds";
    static final String STDIN = "stdin";
    static final Set<String> PARAMETERS = Set.of(PROGRAM, ARGS, WORKING_DIR, ENV, TIME_LIMIT, STDIN);
    static final int MAX_ARGS = 4096;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /**
     * Reads and checks a task's parameters.
     *
     * @param taskType {@value #RUN}, or the name of the program when the parameters name none
     * @throws TaskParameterException naming the parameter, what was expected and what was found
     */
    static RunRequest read(String taskType, Map<String, Object> parameters, Map<String, AllowedProgram> programs,
            ProcessSettings settings) throws TaskParameterException {
        Map<String, Object> p = parameters == null ? Map.of() : parameters;
        for (String key : p.keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new TaskParameterException(taskType + ": unknown parameter '" + key
                        + "'; the process agent takes " + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        }
        AllowedProgram program = program(taskType, p.get(PROGRAM), programs);
        List<String> args = args(taskType, p.get(ARGS));
        Path dir = workingDir(taskType, p.get(WORKING_DIR), program, settings.workRoot());
        Map<String, String> env = env(taskType, p.get(ENV), settings);
        Duration limit = timeLimit(taskType, p.get(TIME_LIMIT), program, settings);
        Object stdin = p.get(STDIN);
        if (stdin != null && (!(stdin instanceof String text) || text.getBytes(StandardCharsets.UTF_8).length
                > ProcessSettings.STDIN_LIMIT)) {
            throw problem(taskType, STDIN, "must be a text of at most " + ProcessSettings.STDIN_LIMIT + " bytes",
                    stdin instanceof String text ? text.length() + " characters" : describe(stdin));
        }
        return new RunRequest(program, args, dir, env, limit, (String) stdin);
    }

    private static AllowedProgram program(String taskType, Object value, Map<String, AllowedProgram> programs)
            throws TaskParameterException {
        Object name = value != null || RUN.equals(taskType) ? value : taskType;
        AllowedProgram program = name instanceof String s ? programs.get(s) : null;
        if (program == null) {
            String allowed = programs.isEmpty() ? "none is configured (" + AllowedProgram.PID + ")"
                    : String.join(", ", new TreeSet<>(programs.keySet()));
            throw problem(taskType, PROGRAM, "must name a program on the allow list: " + allowed,
                    name == null ? "nothing" : describe(name));
        }
        return program;
    }

    private static List<String> args(String taskType, Object value) throws TaskParameterException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_ARGS) {
            throw problem(taskType, ARGS, "must be an array of at most " + MAX_ARGS + " strings", describe(value));
        }
        List<String> args = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String arg) || arg.indexOf('\0') >= 0) {
                throw problem(taskType, ARGS + "[" + i + "]", "must be a string without NUL characters",
                        describe(list.get(i)));
            }
            args.add(arg);
        }
        return List.copyOf(args);
    }

    private static Path workingDir(String taskType, Object value, AllowedProgram program, Path root)
            throws TaskParameterException {
        List<Path> allowed = program.workingDirs();
        if (value == null) {
            return allowed.isEmpty() ? root : root.resolve(allowed.get(0));
        }
        Path found;
        try {
            found = value instanceof String s && !s.isBlank() && s.indexOf('\0') < 0 ? root.resolve(s).normalize() : null;
        } catch (InvalidPathException e) {
            found = null;
        }
        Path dir = found;
        if (dir == null || !dir.startsWith(root)) {
            throw problem(taskType, WORKING_DIR, "must be a folder under the working root " + root, describe(value));
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> dir.startsWith(root.resolve(a)))) {
            throw problem(taskType, WORKING_DIR, "must be under one of " + allowed + " (of the working root " + root
                    + ") for program '" + program.name() + "'", describe(value));
        }
        return dir;
    }

    private static Map<String, String> env(String taskType, Object value, ProcessSettings settings)
            throws TaskParameterException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(taskType, ENV, "must be an object of variable names to strings", describe(value));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!VARIABLE.matcher(name).matches()) {
                throw problem(taskType, ENV, "must name variables of letters, digits and '_' (not starting with a digit)",
                        describe(name));
            }
            if (settings.denied(name)) {
                throw new TaskParameterException(taskType + ": parameter '" + ENV + "' must not set " + name
                        + ": it is on the agent's deny list " + settings.envDeny());
            }
            if (!(e.getValue() instanceof String v) || v.indexOf('\0') >= 0) {
                throw problem(taskType, ENV + "." + name, "must be a string without NUL characters",
                        describe(e.getValue()));
            }
            env.put(name, v);
        }
        return Map.copyOf(env);
    }

    private static Duration timeLimit(String taskType, Object value, AllowedProgram program, ProcessSettings settings)
            throws TaskParameterException {
        Duration max = settings.maxTimeLimit();
        if (value == null) {
            Duration own = program.timeLimit();
            return own == null ? settings.defaultTimeLimit() : own.compareTo(max) > 0 ? max : own;
        }
        double seconds = value instanceof Number n ? new BigDecimal(n.toString()).doubleValue() : Double.NaN;
        if (!(seconds > 0) || seconds * 1e9 > max.toNanos()) {
            throw problem(taskType, TIME_LIMIT, "must be a number of seconds above 0 and at most " + seconds(max),
                    describe(value));
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    private static TaskParameterException problem(String taskType, String parameter, String expected, String found) {
        return new TaskParameterException(taskType + ": parameter '" + parameter + "' " + expected + ", found " + found);
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + (s.length() > 200 ? s.substring(0, 200) + "…" : s) + "'";
        }
        if (value instanceof Collection<?> c) {
            return "an array of " + c.size();
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return String.valueOf(value);
    }
}
