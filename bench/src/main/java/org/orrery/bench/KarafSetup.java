package org.orrery.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Karaf as the startup benchmark runs it: its ports on free loopback ports, its JVM under the start script. */
final class KarafSetup {

    private KarafSetup() {
    }

    /** SSH on a free loopback port; the RMI ports too if the distribution has the management feature's file. */
    static void configureKaraf(Path karaf, int sshPort) throws IOException {
        Path shell = karaf.resolve("etc/org.apache.karaf.shell.cfg");
        String text = Files.readString(shell, StandardCharsets.ISO_8859_1);
        text = setProperty(text, "sshPort", Integer.toString(sshPort));
        text = setProperty(text, "sshHost", "127.0.0.1");
        Files.writeString(shell, text, StandardCharsets.ISO_8859_1);
        Path management = karaf.resolve("etc/org.apache.karaf.management.cfg");
        if (Files.isRegularFile(management)) {
            String m = Files.readString(management, StandardCharsets.ISO_8859_1);
            m = setProperty(m, "rmiRegistryPort", Integer.toString(ChildProcesses.freePort()));
            m = setProperty(m, "rmiServerPort", Integer.toString(ChildProcesses.freePort()));
            m = setProperty(m, "rmiRegistryHost", "127.0.0.1");
            m = setProperty(m, "rmiServerHost", "127.0.0.1");
            Files.writeString(management, m, StandardCharsets.ISO_8859_1);
        }
    }

    static String setProperty(String text, String key, String value) {
        Pattern pattern = Pattern.compile("(?m)^\\s*#?\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        Matcher matcher = pattern.matcher(text);
        String line = key + " = " + value;
        if (matcher.find()) {
            return matcher.replaceFirst(Matcher.quoteReplacement(line));
        }
        return text + (text.endsWith("\n") ? "" : "\n") + line + "\n";
    }

    /** The Karaf script runs java as its child (no exec): the JVM is the java descendant. */
    static ProcessHandle findJvm(Process process) {
        List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(process.toHandle());
        process.descendants().forEach(candidates::add);
        return candidates.stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElse(process.toHandle());
    }
}
