package org.orrery.agents.process.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's limits, from its configuration.
 *
 * @param workRoot the folder every task's working folder is under (absolute)
 * @param defaultTimeLimit the time limit of a task that names none and whose program has none
 * @param maxTimeLimit the longest time limit a task may ask for
 * @param outputLimit bytes kept of stdout and of stderr each (head and tail)
 * @param envDeny variable names a task may not set; an entry ending in {@code *} is a prefix
 * @param envInherit variables of the runtime's environment a program gets (all others are not passed)
 * @param retryOnExitCodes exit codes after which the failure is retryable
 * @param killGrace how long a process tree has between the polite end (SIGTERM) and the forced one
 * @param sampleInterval how often CPU time and memory are sampled; zero: never (usage unknown)
 */
record ProcessSettings(Path workRoot, Duration defaultTimeLimit, Duration maxTimeLimit, int outputLimit,
        List<String> envDeny, List<String> envInherit, Set<Integer> retryOnExitCodes, Duration killGrace,
        Duration sampleInterval) {

    /** Most bytes of {@code stdin} a task may give. */
    static final int STDIN_LIMIT = 1 << 20;

    static final List<String> DEFAULT_ENV_DENY = List.of("LD_*", "DYLD_*", "BASH_ENV", "ENV", "SHELLOPTS",
            "PERL5OPT", "PYTHONSTARTUP", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");
    static final List<String> DEFAULT_ENV_INHERIT = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");

    ProcessSettings {
        workRoot = workRoot.toAbsolutePath().normalize();
        if (maxTimeLimit.compareTo(defaultTimeLimit) < 0) {
            throw new IllegalArgumentException("default time limit " + defaultTimeLimit.toSeconds()
                    + " s is above the maximum " + maxTimeLimit.toSeconds() + " s");
        }
        if (outputLimit < 2) {
            throw new IllegalArgumentException("output limit must be at least 2 bytes, was " + outputLimit);
        }
        envDeny = List.copyOf(envDeny);
        envInherit = List.copyOf(envInherit);
        retryOnExitCodes = Set.copyOf(retryOnExitCodes);
    }

    /** The defaults: 10 minutes, at most 1 day, 1 MiB, 5 s grace, sampled every 200 ms. */
    static ProcessSettings defaults(Path workRoot) {
        return new ProcessSettings(workRoot, Duration.ofMinutes(10), Duration.ofDays(1), 1 << 20, DEFAULT_ENV_DENY,
                DEFAULT_ENV_INHERIT, Set.of(), Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    /** Whether a task may set this variable. */
    boolean denied(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        if (upper.equals(ProcessTree.MARK)) {
            return true;
        }
        for (String entry : envDeny) {
            String e = entry.toUpperCase(Locale.ROOT);
            if (e.endsWith("*") ? upper.startsWith(e.substring(0, e.length() - 1)) : upper.equals(e)) {
                return true;
            }
        }
        return false;
    }

    ProcessSettings withOutputLimit(int bytes) {
        return new ProcessSettings(workRoot, defaultTimeLimit, maxTimeLimit, bytes, envDeny, envInherit,
                retryOnExitCodes, killGrace, sampleInterval);
    }

    ProcessSettings withMaxTimeLimit(Duration max) {
        return new ProcessSettings(workRoot, defaultTimeLimit.compareTo(max) > 0 ? max : defaultTimeLimit, max,
                outputLimit, envDeny, envInherit, retryOnExitCodes, killGrace, sampleInterval);
    }

    ProcessSettings withRetryOnExitCodes(Set<Integer> codes) {
        return new ProcessSettings(workRoot, defaultTimeLimit, maxTimeLimit, outputLimit, envDeny, envInherit, codes,
                killGrace, sampleInterval);
    }

    ProcessSettings withSampleInterval(Duration interval) {
        return new ProcessSettings(workRoot, defaultTimeLimit, maxTimeLimit, outputLimit, envDeny, envInherit,
                retryOnExitCodes, killGrace, interval);
    }
}
