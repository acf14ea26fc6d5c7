package org.orrery.agents.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A started program and every process it started: the ones {@link ProcessHandle#descendants()}
 * finds, and on Linux also those that left the tree (a daemon that forked twice, a child whose
 * parent exited) but still carry the run's mark in their environment ({@code /proc/<pid>/environ}).
 * Ending the tree ends all of them.
 */
final class ProcessTree {

    /** The variable every process of a run inherits: its value identifies the run. */
    static final String MARK = "ORRERY_PROCESS_RUN";
    private static final Path PROC = Path.of("/proc");

    private final ProcessHandle root;
    private final String mark;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    ProcessTree(ProcessHandle root, String mark) {
        this.root = root;
        this.mark = mark;
    }

    ProcessHandle root() {
        return root;
    }

    /**
     * The processes of the tree alive now, the root first if it is.
     *
     * @param marked also those found by the mark (reads every process's environment: for ending
     *        the tree, not for every usage sample)
     */
    Set<ProcessHandle> alive(boolean marked) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        all.add(root);
        root.descendants().forEach(all::add);
        all.addAll(seen);
        if (marked) {
            all.addAll(marked());
        }
        all.removeIf(p -> !p.isAlive());
        seen.addAll(all);
        seen.remove(root);
        seen.removeIf(p -> !p.isAlive());
        return all;
    }

    /** Asks every process of the tree to end (SIGTERM); returns those it asked. */
    Set<ProcessHandle> terminate() {
        Set<ProcessHandle> all = alive(true);
        all.forEach(ProcessHandle::destroy);
        return all;
    }

    /** Ends every process of the tree now (SIGKILL); returns those still alive before. */
    Set<ProcessHandle> kill() {
        Set<ProcessHandle> all = alive(true);
        all.forEach(ProcessHandle::destroyForcibly);
        return all;
    }

    /** Processes whose environment carries this run's mark (Linux; empty elsewhere). */
    private Set<ProcessHandle> marked() {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        if (!Files.isDirectory(PROC)) {
            return found;
        }
        byte[] wanted = (MARK + "=" + mark + "\0").getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                if (contains(entry.resolve("environ"), wanted)) {
                    Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(entry.getFileName().toString()));
                    p.ifPresent(found::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc went away under us or is not readable: descendants() is what we have
        }
        return found;
    }

    private static boolean contains(Path environ, byte[] wanted) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or it ended
        }
        // each variable ends with NUL; compare at the start of each
        for (int start = 0; start < env.length; ) {
            if (env.length - start >= wanted.length && matches(env, start, wanted)) {
                return true;
            }
            int nul = start;
            while (nul < env.length && env[nul] != 0) {
                nul++;
            }
            start = nul + 1;
        }
        return false;
    }

    private static boolean matches(byte[] env, int start, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (env[start + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }
}
