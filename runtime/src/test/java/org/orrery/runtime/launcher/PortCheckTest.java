package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void portInUseIsReportedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LaunchException e = assertThrows(LaunchException.class,
                    () -> Launcher.checkPortFree("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("ORRERY_HTTP_PORT"), e.getMessage());
        }
    }

    @Test
    void freePortPasses() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int free = port;
        assertDoesNotThrow(() -> Launcher.checkPortFree("127.0.0.1", free));
    }

    @Test
    void unknownHostIsReported() {
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.checkPortFree("no-such-host.invalid", 8080));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
}
