package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.indi.internal.IndiDriverTest.awaitTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.orrery.device.ConnectionState;
import org.orrery.devices.common.sky.Angles;
import org.orrery.devices.common.sky.Offsets;

/**
 * How an offset move reads the mount's reports, against a scripted telescope that speaks the INDI
 * protocol over a real socket: the reports that the real simulator sends only now and then (a stale
 * report before it took the command; a dither's end reported short of the target when it is short
 * of CPU) are sent here every time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndiMountReportsTest {

    private static final String DEVICE = "Scripted Mount";
    private static final double RA0 = 6.5;
    private static final double DEC0 = 14.0;

    private ScriptedTelescope telescope;
    private IndiServer server;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (telescope != null) {
            telescope.close();
        }
    }

    private IndiMount connect(BiConsumer<ScriptedTelescope, double[]> onGoto) throws Exception {
        telescope = new ScriptedTelescope(onGoto);
        RecordingRegistrar registrar = new RecordingRegistrar();
        server = new IndiServer(IndiSettings.defaults("127.0.0.1", telescope.port())
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3)),
                registrar);
        server.start();
        awaitTrue("the scripted mount connected", Duration.ofSeconds(20), () -> registrar.byId("indi-scripted-mount") != null
                && registrar.byId("indi-scripted-mount").device().connectionState() == ConnectionState.CONNECTED);
        return (IndiMount) registrar.byId("indi-scripted-mount").device();
    }

    @Test
    void aDitherReportedShortOfItsTargetAfterBusyIsDoneWhenWithinTheTolerance() throws Exception {
        // the 2026-12-06 report: a 4.5" dither ended 1.9" from its start and 2.6" short of the target
        IndiMount mount = connect((t, target) -> {
            t.coordinates("Busy", RA0, DEC0);
            t.coordinates("Ok", RA0 + (target[0] - RA0) * 0.42, target[1]);
        });
        mount.moveOffset(4.44, 0.42).toCompletableFuture().get(30, TimeUnit.SECONDS);
        double[] target = Offsets.shifted(RA0, DEC0, 4.44, 0.42);
        double missArcsec = Angles.separationDegrees(mount.rightAscension(), mount.declination(), target[0],
                target[1]) * 3600;
        assertTrue(missArcsec > 2 && missArcsec < 3, "the mount reports where the script put it: " + missArcsec);
        assertEquals(4.44, mount.values().get(Offsets.OFFSET_RA));
        assertEquals(1, telescope.gotos.size(), "one slew");
    }

    @Test
    void aReportSentBeforeTheMountTookTheCommandIsNotTakenForTheEnd() throws Exception {
        // a periodic report at the start (within the tolerance of so near a target) comes before Busy
        IndiMount mount = connect((t, target) -> {
            t.coordinates("Ok", RA0, DEC0);
            sleep(300);
            t.coordinates("Busy", RA0, DEC0);
            sleep(300);
            t.coordinates("Ok", target[0], target[1]);
        });
        mount.moveOffset(30, -20).toCompletableFuture().get(30, TimeUnit.SECONDS);
        double[] target = Offsets.shifted(RA0, DEC0, 30, -20);
        double missArcsec = Angles.separationDegrees(mount.rightAscension(), mount.declination(), target[0],
                target[1]) * 3600;
        assertTrue(missArcsec < 0.01, "the move ended at the target's report, not the stale one: " + missArcsec);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One INDI telescope on a loopback socket: it defines CONNECTION, ON_COORD_SET and
     * EQUATORIAL_EOD_COORD to every connection (the client opens a control and a BLOB connection),
     * and answers a new EQUATORIAL_EOD_COORD on the control connection with the script.
     */
    static final class ScriptedTelescope implements AutoCloseable {

        private static final Pattern NEW_COORDS = Pattern.compile(
                "<newNumberVector[^>]*name=\"EQUATORIAL_EOD_COORD\"[^>]*>(.*?)</newNumberVector>", Pattern.DOTALL);
        private static final Pattern ONE = Pattern.compile("<oneNumber name=\"(RA|DEC)\">\\s*([^<\\s]+)\\s*</oneNumber>");

        final List<double[]> gotos = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final BiConsumer<ScriptedTelescope, double[]> onGoto;
        private final List<Socket> clients = new CopyOnWriteArrayList<>();
        private volatile OutputStream control;

        ScriptedTelescope(BiConsumer<ScriptedTelescope, double[]> onGoto) throws IOException {
            this.onGoto = onGoto;
            this.socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            CompletableFuture.runAsync(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (!socket.isClosed()) {
                    Socket s = socket.accept();
                    clients.add(s);
                    Thread t = new Thread(() -> serve(s), "scripted-indi-" + clients.size());
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
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
                        boolean blob = received.indexOf("<enableBLOB") >= 0;
                        send(out, definitions());
                        if (!blob) {
                            control = out;
                        }
                    }
                    Matcher m = NEW_COORDS.matcher(received);
                    if (m.find()) {
                        double[] target = new double[2];
                        Matcher one = ONE.matcher(m.group(1));
                        while (one.find()) {
                            target[one.group(1).equals("RA") ? 0 : 1] = Double.parseDouble(one.group(2));
                        }
                        received.delete(0, m.end());
                        gotos.add(target);
                        onGoto.accept(this, target);
                    }
                }
            } catch (IOException closed) {
                // the client went away
            }
        }

        /** Reports EQUATORIAL_EOD_COORD on the control connection. */
        void coordinates(String state, double ra, double dec) {
            send(control, String.format(Locale.ROOT, """
                    <setNumberVector device="%s" name="EQUATORIAL_EOD_COORD" state="%s" timeout="60">
                      <oneNumber name="RA">%.12f</oneNumber>
                      <oneNumber name="DEC">%.12f</oneNumber>
                    </setNumberVector>
                    """, DEVICE, state, ra, dec));
        }

        private static String definitions() {
            return String.format(Locale.ROOT, """
                    <defSwitchVector device="%1$s" name="CONNECTION" label="Connection" group="Main Control" state="Ok" perm="rw" rule="OneOfMany" timeout="60">
                      <defSwitch name="CONNECT" label="Connect">On</defSwitch>
                      <defSwitch name="DISCONNECT" label="Disconnect">Off</defSwitch>
                    </defSwitchVector>
                    <defSwitchVector device="%1$s" name="ON_COORD_SET" label="On Set" group="Main Control" state="Ok" perm="rw" rule="OneOfMany" timeout="60">
                      <defSwitch name="TRACK" label="Track">On</defSwitch>
                      <defSwitch name="SLEW" label="Slew">Off</defSwitch>
                      <defSwitch name="SYNC" label="Sync">Off</defSwitch>
                    </defSwitchVector>
                    <defNumberVector device="%1$s" name="EQUATORIAL_EOD_COORD" label="Eq. Coordinates" group="Main Control" state="Ok" perm="rw" timeout="60">
                      <defNumber name="RA" label="RA (hh:mm:ss)" format="%%010.6m" min="0" max="24" step="0">%2$.12f</defNumber>
                      <defNumber name="DEC" label="DEC (dd:mm:ss)" format="%%010.6m" min="-90" max="90" step="0">%3$.12f</defNumber>
                    </defNumberVector>
                    """, DEVICE, RA0, DEC0);
        }

        private static void send(OutputStream out, String xml) {
            try {
                synchronized (out) {
                    out.write(xml.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}
