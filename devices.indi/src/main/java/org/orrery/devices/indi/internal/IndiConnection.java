package org.orrery.devices.indi.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One TCP connection to an INDI server and the thread that reads it. */
final class IndiConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndiConnection.class);

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final String description;
    private volatile boolean closing;

    private IndiConnection(Socket socket, String threadName, Consumer<IndiEvent> sink, Consumer<String> onLost)
            throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.description = threadName;
        BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.reader = new Thread(() -> read(in, sink, onLost), threadName);
        this.reader.setDaemon(true);
    }

    /**
     * Connects, sends the greeting (getProperties and so on), then starts reading. {@code onLost}
     * runs on the reader thread with a reason when the connection ends without {@link #close()}.
     */
    static IndiConnection open(String host, int port, int timeoutMillis, String threadName, String greeting,
            Consumer<IndiEvent> sink, Consumer<String> onLost) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            IndiConnection c = new IndiConnection(socket, threadName, sink, onLost);
            c.send(greeting);
            c.reader.start();
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    void send(String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} -> {}", description, xml.strip());
        }
    }

    private void read(BufferedInputStream in, Consumer<IndiEvent> sink, Consumer<String> onLost) {
        String reason;
        try {
            IndiParser.parse(in, sink);
            reason = "the server closed the connection";
        } catch (Exception e) {
            reason = rootCause(e);
        }
        if (!closing) {
            LOG.debug("{} ended: {}", description, reason);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            onLost.accept(reason);
        }
    }

    private static String rootCause(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Closes the socket and waits (briefly) for the reader thread to end. */
    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
        if (Thread.currentThread() != reader) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (reader.isAlive()) {
                LOG.warn("{} did not end within 5 s of closing its socket", description);
            }
        }
    }
}
