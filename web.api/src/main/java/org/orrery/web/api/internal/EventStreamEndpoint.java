package org.orrery.web.api.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * One connection of the event stream: subscribes its session to the hub when opened, with the
 * filter and the user that {@link EventStreamServlet} checked before the upgrade, and leaves the
 * hub when closed. What clients send is ignored.
 */
public final class EventStreamEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamEndpoint.class);
    /** Clients have nothing to say: a longer text message closes the connection (1009). */
    static final int MAX_INCOMING_TEXT = 4096;
    private static final byte[] PING = "orrery".getBytes(StandardCharsets.US_ASCII);

    private final EventStreamHub hub;
    private final EventStreamFilter filter;
    private final String user;
    private final StreamCredential credential;
    private volatile EventStreamSubscription subscription;

    EventStreamEndpoint(EventStreamHub hub, EventStreamFilter filter, String user, StreamCredential credential) {
        this.hub = hub;
        this.filter = filter;
        this.user = user;
        this.credential = credential;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(hub.settings().idleTimeout().toMillis());
        session.setMaxTextMessageBufferSize(MAX_INCOMING_TEXT);
        try {
            // events waiting together leave in one write; the hub flushes when it has sent them
            session.getAsyncRemote().setBatchingAllowed(true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
            // the ping's answer: the connection is alive, and the container saw it move
        });
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            // nothing to do with what a client says
        });
        subscription = hub.subscribe(new SessionClient(session), filter, user, credential);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        hub.remove(subscription);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.debug("Event stream: session {} failed", session.getId(), failure);
        hub.remove(subscription);
    }

    /** A WebSocket session as the hub sees it. */
    static final class SessionClient implements EventStreamClient {
        private final Session session;
        /** Jetty's own session under the Jakarta one, which can send bytes already encoded; null in another container. */
        private final CoreSession core;
        private final String description;
        /** The Jetty callback of the last completion sent with, reused while the hub passes the same one. */
        private volatile Completion last = new Completion(null);

        SessionClient(Session session) {
            this.session = session;
            this.core = session instanceof JakartaWebSocketSession jetty ? jetty.getCoreSession() : null;
            Object remote = session.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
            this.description = "session " + session.getId() + (remote == null ? "" : " from " + remote);
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        }

        /**
         * Sends the event's UTF-8 bytes, encoded once for every client, as a text frame through
         * Jetty's session, batched as the Jakarta sends are ({@link #flush} writes them); the
         * Jakarta {@code sendText} would encode the text again for each client.
         */
        @Override
        public void send(EventStreamClient.Message message, Consumer<Throwable> done) {
            if (core == null) {
                send(message.text(), done);
                return;
            }
            Completion completion = last;
            if (completion.done != done) {
                completion = new Completion(done);
                last = completion;
            }
            core.sendFrame(new Frame(OpCode.TEXT, message.utf8()), completion, true);
        }

        @Override
        public void flush() {
            try {
                session.getAsyncRemote().flushBatch();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void ping() throws IOException {
            if (session.isOpen()) {
                session.getAsyncRemote().sendPing(ByteBuffer.wrap(PING));
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), EventStreamHub.reason(reason)));
            } catch (IOException | IllegalStateException e) {
                LOG.debug("Event stream: closing {} failed", description, e);
            }
        }

        @Override
        public void expireWhenIdle(Duration timeout) {
            try {
                session.setMaxIdleTimeout(timeout.toMillis());
            } catch (RuntimeException e) {
                LOG.debug("Event stream: cannot shorten the idle timeout of {}", description, e);
            }
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /** A completion of the hub as Jetty's callback: the hub passes the same one for every event of a client. */
    private static final class Completion implements Callback {
        private final Consumer<Throwable> done;

        Completion(Consumer<Throwable> done) {
            this.done = done;
        }

        @Override
        public void succeeded() {
            done.accept(null);
        }

        @Override
        public void failed(Throwable failure) {
            done.accept(failure);
        }
    }

    /**
     * Makes the endpoint of one upgrade, with the filter and the user checked before it. Every
     * method is its own, so the container's default configurator (found through the thread's
     * context class loader) is never needed.
     */
    static final class Configurator extends ServerEndpointConfig.Configurator {
        private final Supplier<EventStreamEndpoint> endpoint;

        Configurator(EventStreamHub hub, EventStreamFilter filter, String user, StreamCredential credential) {
            this.endpoint = () -> new EventStreamEndpoint(hub, filter, user, credential);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true; // checked by the servlet, against the configured address
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return "";
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            List<Extension> accepted = new ArrayList<>();
            for (Extension wanted : requested) {
                if (installed.stream().anyMatch(i -> i.getName().equals(wanted.getName()))
                        && accepted.stream().noneMatch(a -> a.getName().equals(wanted.getName()))) {
                    accepted.add(wanted);
                }
            }
            return accepted;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            // credentials and filter were checked before the upgrade (EventStreamServlet)
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            if (endpointClass != EventStreamEndpoint.class) {
                throw new InstantiationException("the event stream makes only " + EventStreamEndpoint.class.getName());
            }
            return endpointClass.cast(endpoint.get());
        }
    }
}
