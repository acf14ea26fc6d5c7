package org.orrery.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WebSocket clients (RFC 6455) read on one selector thread: an HTTP/1.1 upgrade per connection,
 * then the server's frames parsed in place in each connection's buffer, every whole text message
 * handed to its receiver as a view of its bytes. One {@code read} per connection and readiness,
 * nothing decoded, no thread hand-off: on the 2 cores the runtime also uses, {@code java.net.http}
 * spent 2.9–3.8 µs of CPU per delivered event and Jetty's core client 2.5–3.8 µs, more than the
 * runtime spent sending it. Pings are answered with pongs; a close from the server (1013: the
 * client fell behind) is counted and the connection closed.
 */
final class NioStreamClients extends StreamClients {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;

    private final Selector selector;
    private final List<Connection> connections;
    private final Thread reader;
    private volatile boolean closing;

    private NioStreamClients(Selector selector, List<Connection> connections) {
        this.selector = selector;
        this.connections = connections;
        this.reader = new Thread(this::read, "stream-clients-reader");
        this.reader.setDaemon(true);
    }

    static StreamClients connect(URI uri, String authorization, List<Consumer<CharSequence>> receivers, Runnable fellBehind)
            throws IOException {
        Selector selector = Selector.open();
        List<Connection> connections = new ArrayList<>();
        try {
            for (Consumer<CharSequence> receiver : receivers) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
                channel.socket().setTcpNoDelay(true);
                Connection c = new Connection(channel, receiver, fellBehind);
                c.upgrade(uri, authorization);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            }
        } catch (IOException | RuntimeException e) {
            for (Connection c : connections) {
                c.channel.close();
            }
            selector.close();
            throw e;
        }
        NioStreamClients clients = new NioStreamClients(selector, connections);
        clients.reader.start();
        for (Connection c : connections) {
            c.deliverBuffered(); // frames that came with the upgrade's answer
        }
        return clients;
    }

    private void read() {
        try {
            while (!closing) {
                selector.select(key -> {
                    Connection c = (Connection) key.attachment();
                    try {
                        if (!c.readAndDeliver()) {
                            key.cancel();
                            c.channel.close();
                        }
                    } catch (IOException e) {
                        key.cancel();
                        closeQuietly(c);
                    }
                }, 100);
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        selector.wakeup();
        reader.join(TimeUnit.SECONDS.toMillis(5));
        for (Connection c : connections) {
            if (c.channel.isOpen()) {
                try {
                    c.send(OP_CLOSE, new byte[] {0x03, (byte) 0xE8}); // 1000, normal closure
                } catch (IOException e) {
                    // gone already
                }
                closeQuietly(c);
            }
        }
        selector.close();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** One client: its channel and the buffer its frames are parsed in. */
    private static final class Connection {
        private final SocketChannel channel;
        private final TextMessages messages;
        private final Runnable fellBehind;
        private ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        private final SecureRandom random = new SecureRandom();

        Connection(SocketChannel channel, Consumer<CharSequence> receiver, Runnable fellBehind) {
            this.channel = channel;
            this.messages = new TextMessages(receiver);
            this.fellBehind = fellBehind;
        }

        /** Sends the upgrade request, reads the answer; what follows its header stays in the buffer. */
        void upgrade(URI uri, String authorization) throws IOException {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: " + authorization + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            int headerEnd;
            while ((headerEnd = headerEnd()) < 0) {
                if (!in.hasRemaining() || channel.read(in) < 0) {
                    throw new IOException("the upgrade's answer ended early: " + ascii(0, in.position()));
                }
            }
            String header = ascii(0, headerEnd);
            if (!header.startsWith("HTTP/1.1 101")) {
                throw new IOException("the upgrade was refused: " + header);
            }
            String accept = Base64.getEncoder().encodeToString(sha1(key + ACCEPT_GUID));
            if (!header.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-accept: " + accept.toLowerCase(
                    java.util.Locale.ROOT))) {
                throw new IOException("the upgrade's answer lacks Sec-WebSocket-Accept " + accept + ": " + header);
            }
            in.flip().position(headerEnd + 4);
            in.compact();
        }

        private int headerEnd() {
            for (int i = 0; i + 3 < in.position(); i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private String ascii(int from, int to) {
            byte[] b = new byte[to - from];
            for (int i = 0; i < b.length; i++) {
                b[i] = in.get(from + i);
            }
            return new String(b, StandardCharsets.US_ASCII);
        }

        void deliverBuffered() throws IOException {
            synchronized (this) {
                deliver();
            }
        }

        /** Reads what the socket has and delivers every whole frame; false at the end of the stream or a close. */
        boolean readAndDeliver() throws IOException {
            synchronized (this) {
                if (!in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                    in.flip();
                    bigger.put(in);
                    in = bigger;
                }
                if (channel.read(in) < 0) {
                    return false;
                }
                return deliver();
            }
        }

        /** Parses the frames in the buffer (filled up to its position); keeps a frame not whole yet. */
        private boolean deliver() throws IOException {
            in.flip();
            boolean open = true;
            while (open && in.remaining() >= 2) {
                int start = in.position();
                int b0 = in.get(start) & 0xff;
                int b1 = in.get(start + 1) & 0xff;
                if ((b1 & 0x80) != 0) {
                    throw new IOException("the server sent a masked frame");
                }
                long length = b1 & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        break;
                    }
                    length = in.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (length == 127) {
                    if (in.remaining() < 10) {
                        break;
                    }
                    length = in.getLong(start + 2);
                    header = 10;
                }
                if (in.remaining() < header + length) {
                    break;
                }
                int payload = start + header;
                open = frame((b0 & 0x80) != 0, b0 & 0x0f, payload, (int) length);
                in.position(payload + (int) length);
            }
            in.compact();
            return open;
        }

        private boolean frame(boolean fin, int opcode, int payload, int length) throws IOException {
            switch (opcode) {
                case OP_TEXT, OP_CONTINUATION -> {
                    messages.frame(fin, in, payload, length);
                    return true;
                }
                case OP_CLOSE -> {
                    int code = length >= 2 ? in.getShort(payload) & 0xffff : 1005;
                    if (code == TRY_AGAIN_LATER) {
                        fellBehind.run();
                    }
                    send(OP_CLOSE, length >= 2 ? new byte[] {in.get(payload), in.get(payload + 1)} : new byte[0]);
                    return false;
                }
                case OP_PING -> {
                    byte[] data = new byte[length];
                    in.get(payload, data);
                    send(0xA, data); // pong
                    return true;
                }
                default -> {
                    return true; // pong, binary: not for this benchmark
                }
            }
        }

        /** Sends a small masked frame (a client must mask), blocking until written. */
        void send(int opcode, byte[] data) throws IOException {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            ByteBuffer frame = ByteBuffer.allocate(6 + data.length);
            frame.put((byte) (0x80 | opcode)).put((byte) (0x80 | data.length)).put(mask);
            for (int i = 0; i < data.length; i++) {
                frame.put((byte) (data[i] ^ mask[i % 4]));
            }
            frame.flip();
            for (int spins = 0; frame.hasRemaining() && spins < 1000; spins++) {
                channel.write(frame);
            }
        }

        private static byte[] sha1(String text) {
            try {
                return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
