package org.orrery.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The processes the startup benchmark starts: waiting for readiness, stopping, RSS, ports, environment. */
final class ChildProcesses {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final long POLL_MILLIS = 10;

    private ChildProcesses() {
    }

    static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }


    @FunctionalInterface
    interface Check {
        boolean test() throws Exception;
    }

    /** Polls every 10 ms; returns the System.nanoTime() at which the condition first held. */
    static long awaitCondition(Process process, long t0, Check condition, String what, Path console) throws Exception {
        long deadline = t0 + START_TIMEOUT.toNanos();
        while (true) {
            long before = System.nanoTime();
            if (condition.test()) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The process exited with " + process.exitValue() + " before " + what + "; console:\n" + FileTrees.tail(console));
            }
            if (before > deadline) {
                throw new IllegalStateException("Not within " + START_TIMEOUT.toSeconds() + " s: " + what + "; console:\n" + FileTrees.tail(console));
            }
            long sleep = POLL_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
    }

    /**
     * SIGTERM to the process's descendants (deepest first: the Karaf JVM under its start
     * script), then to the process itself if it has not ended because of that; SIGKILL for
     * whatever is left after the timeout. Returns the exit code, or -1 if it had to be killed.
     */
    static int stopTree(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        if (descendants.isEmpty()) {
            process.destroy();
        } else {
            for (int i = descendants.size() - 1; i >= 0; i--) {
                descendants.get(i).destroy();
            }
            for (ProcessHandle d : descendants) {
                try {
                    d.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    break;
                }
            }
            // the script ends by itself when its JVM has ended; give it a moment, then ask it too
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
        boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                && descendants.stream().noneMatch(ProcessHandle::isAlive);
        if (!exited) {
            System.out.println("  (did not stop within " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM: killed)");
            killTree(process);
            return -1;
        }
        return process.exitValue();
    }

    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid + "/status");
    }

    static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("ORRERY_") || k.startsWith("KARAF_")
                || k.equals("JAVA_OPTS") || k.equals("EXTRA_JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("JAVA_HOME")
                || k.startsWith("MAVEN_"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }


    static String javaVersion(Path java) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            String version = find(out, "java\\.runtime\\.version = (.*)");
            String vendor = find(out, "java\\.vm\\.vendor = (.*)");
            String vm = find(out, "java\\.vm\\.name = (.*)");
            return vendor + " " + vm + " " + version;
        } catch (IOException e) {
            return "unknown: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : "?";
    }
}
