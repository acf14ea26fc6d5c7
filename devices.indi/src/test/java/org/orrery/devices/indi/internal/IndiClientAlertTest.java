package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A driver that answers a command with Alert and at once with Ok and the old values (INDI 1.9.9's
 * CCD simulator does so for a gain out of range): the client remembers the Alert, so a caller that
 * wakes only after both reports still sees the refusal and its message.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IndiClientAlertTest {

    private static final String DEFINITION = """
            <defNumberVector device="Cam" name="CCD_GAIN" label="Gain" group="Main Control" state="Idle" perm="rw" timeout="60">
              <defNumber name="GAIN" label="value" format="%.f" min="0" max="100" step="1">90</defNumber>
            </defNumberVector>
            """;
    private static final String ALERT_THEN_OK = """
            <setNumberVector device="Cam" name="CCD_GAIN" state="Alert" timeout="60" message="Error: Invalid range for value (GAIN). Valid range is from 0 to 100. Requested value is 120">
              <oneNumber name="GAIN">90</oneNumber>
            </setNumberVector>
            <setNumberVector device="Cam" name="CCD_GAIN" state="Ok" timeout="60">
              <oneNumber name="GAIN">90</oneNumber>
            </setNumberVector>
            """;

    @Test
    void anAlertFollowedAtOnceByOkIsStillSeenAsTheAnswer() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server), "scripted-indi-camera");
            serving.setDaemon(true);
            serving.start();
            IndiClient client = new IndiClient("127.0.0.1", server.getLocalPort(), 3_000, 200, 2_000, timer,
                    new QuietListener());
            try {
                client.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                // connected, too: the definition may arrive on the control connection while the
                // BLOB connection is still being opened, and the client sends only once both are
                assertNotNull(client.await(deadline, () -> client.connected() ? client.property("Cam", "CCD_GAIN") : null),
                        "connected, CCD_GAIN defined");
                assertFalse(client.property("Cam", "CCD_GAIN").alertedAfter(0), "no Alert before the command");

                long seq0 = client.sendNew("Cam", "CCD_GAIN", IndiKind.NUMBER, Map.of("GAIN", "120"));
                IndiVector settled = client.await(deadline, () -> {
                    IndiVector v = client.property("Cam", "CCD_GAIN");
                    return v.seq() > seq0 && v.state() == IndiState.OK ? v : null;
                });
                assertNotNull(settled, "the Ok report after the Alert arrived");
                assertEquals(90, settled.number("GAIN"));
                assertTrue(settled.alertedAfter(seq0), "the Alert before the Ok is remembered");
                assertTrue(settled.lastAlert().message().contains("Valid range is from 0 to 100"),
                        settled.lastAlert().message());
                assertFalse(settled.alertedAfter(settled.lastAlert().seq()), "nothing alerted after the Alert");
            } finally {
                client.close();
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** Defines CCD_GAIN on every connection; answers a new CCD_GAIN with Alert and Ok in one write. */
    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> answer(s), "scripted-indi-connection");
                t.setDaemon(true);
                t.start();
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            boolean defined = false;
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (!defined && received.indexOf("<getProperties") >= 0) {
                    defined = true;
                    out.write(DEFINITION.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                int end = received.indexOf("</newNumberVector>");
                if (end >= 0) {
                    received.delete(0, end + "</newNumberVector>".length());
                    out.write(ALERT_THEN_OK.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (java.io.IOException closed) {
            // the client went away
        }
    }

    private static final class QuietListener implements IndiClient.Listener {
        @Override
        public void serverConnected() {
        }

        @Override
        public void serverLost(String reason) {
        }

        @Override
        public void vectorChanged(IndiVector vector, boolean defined) {
        }

        @Override
        public void deviceRemoved(String device) {
        }

        @Override
        public void message(String device, String text) {
        }
    }
}
