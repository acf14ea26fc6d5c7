package org.orrery.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The event stream benchmark's clients: one connection each to {@code /api/v1/ws}, reading as
 * fast as they can, each whole text message handed to its receiver. Two implementations on the
 * same machine as the runtime, whose CPU they share:
 * <ul>
 * <li>{@link #jetty}: Jetty 12's WebSocket core client; a message is handed over as a view of the
 * frame's bytes (the events are ASCII JSON), nothing decoded or copied;</li>
 * <li>{@link #jdk}: {@code java.net.http}'s WebSocket, which decodes every frame's UTF-8 into
 * characters (the benchmark's client until 2026-12-06; kept to compare);</li>
 * </ul>
 * and {@link NioStreamClients#connect}, the default: the protocol read by hand on one selector
 * thread, the leanest client (see there). A close with code 1013 (the runtime dropping a client
 * that fell behind) is counted.
 */
abstract class StreamClients implements AutoCloseable {

    static final int TRY_AGAIN_LATER = 1013;

    /** Jetty's core client: one selector thread (Jetty's default) and a small pool for all the clients. */
    static StreamClients jetty(URI uri, String authorization, List<Consumer<CharSequence>> receivers, Runnable fellBehind)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("stream-client");
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        http.start();
        client.start();
        List<CoreSession> sessions = new ArrayList<>();
        try {
            for (Consumer<CharSequence> receiver : receivers) {
                CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(client, uri,
                        new JettyReader(receiver, fellBehind));
                request.headers(h -> h.put("Authorization", authorization));
                sessions.add(client.connect(request).get(10, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            client.stop();
            http.stop();
            throw e;
        }
        return new StreamClients() {
            @Override
            public void close() throws Exception {
                for (CoreSession session : sessions) {
                    session.close(CloseStatus.NORMAL, "done", Callback.NOOP);
                }
                client.stop();
                http.stop();
            }
        };
    }

    /** {@code java.net.http}'s WebSocket: one client (one selector thread) for all. */
    static StreamClients jdk(URI uri, String authorization, List<Consumer<CharSequence>> receivers, Runnable fellBehind)
            throws Exception {
        java.net.http.HttpClient shared = java.net.http.HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        for (Consumer<CharSequence> receiver : receivers) {
            StringBuilder partial = new StringBuilder();
            sockets.add(shared.newWebSocketBuilder().header("Authorization", authorization)
                    .buildAsync(uri, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                try {
                                    receiver.accept(partial);
                                } catch (RuntimeException e) {
                                    e.printStackTrace();
                                }
                                partial.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket socket, Throwable error) {
                            error.printStackTrace();
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                            if (statusCode == TRY_AGAIN_LATER) {
                                fellBehind.run();
                            }
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS));
        }
        return new StreamClients() {
            @Override
            public void close() {
                CompletableFuture.allOf(sockets.stream().map(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"))
                        .toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        };
    }

    /** One Jetty connection: demands one frame at a time, hands each whole text message to the receiver. */
    private static final class JettyReader implements FrameHandler {
        private final TextMessages messages;
        private final Runnable fellBehind;
        private CoreSession session;

        JettyReader(Consumer<CharSequence> receiver, Runnable fellBehind) {
            this.messages = new TextMessages(receiver);
            this.fellBehind = fellBehind;
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.TEXT || op == OpCode.CONTINUATION) {
                ByteBuffer payload = frame.getPayload();
                messages.frame(frame.isFin(), payload, payload == null ? 0 : payload.position(),
                        payload == null ? 0 : payload.remaining());
            }
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            if (closeStatus.getCode() == TRY_AGAIN_LATER) {
                fellBehind.run();
            }
            callback.succeeded();
        }
    }

    /**
     * Whole text messages out of a connection's text and continuation frames: a final frame with
     * nothing before it is handed over in place, through one reused view (the receiver keeps nothing
     * of it, so nothing is allocated per event); the frames of a fragmented message are joined first.
     */
    static final class TextMessages {
        private final Consumer<CharSequence> receiver;
        private final AsciiView view = new AsciiView(null, 0, 0);
        /** The first frames of a fragmented message, or null. */
        private ByteBuffer partial;

        TextMessages(Consumer<CharSequence> receiver) {
            this.receiver = receiver;
        }

        /** A frame whose payload is {@code length} bytes of {@code bytes} from {@code from} (absolute). */
        void frame(boolean fin, ByteBuffer bytes, int from, int length) {
            if (fin && partial == null) {
                receiver.accept(view.over(bytes, from, length));
                return;
            }
            ByteBuffer joined = ByteBuffer.allocate((partial == null ? 0 : partial.remaining()) + length);
            if (partial != null) {
                joined.put(partial);
            }
            if (length > 0) {
                joined.put(bytes.slice(from, length));
            }
            partial = joined.flip();
            if (fin) {
                receiver.accept(view.over(partial, 0, partial.remaining()));
                partial = null;
            }
        }
    }

    /** The bytes of an ASCII text as characters, in place (valid while the frame is, and until moved). */
    static final class AsciiView implements CharSequence {
        private ByteBuffer bytes;
        private int from;
        private int length;

        AsciiView(ByteBuffer bytes, int from, int length) {
            this.bytes = bytes;
            this.from = from;
            this.length = length;
        }

        /** This view moved over other bytes (a reader reuses one view for every message). */
        AsciiView over(ByteBuffer newBytes, int newFrom, int newLength) {
            this.bytes = newBytes;
            this.from = newFrom;
            this.length = newLength;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes.get(from + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new AsciiView(bytes, from + start, end - start);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(charAt(i));
            }
            return s.toString();
        }
    }
}
