package org.orrery.web.api.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** What {@link EventStreamHub} needs of a connection (a WebSocket session, or a test's fake). */
interface EventStreamClient {
    /**
     * Sends a text message without waiting and calls {@code done} once it was written (with
     * null) or could not be (with the failure). The hub keeps one message in flight, except
     * that the overflow message and the close may follow one still in flight: they go out in
     * order after it.
     */
    void send(String text, Consumer<Throwable> done);

    /**
     * As {@link #send(String, Consumer)}, for one event's message that goes to many clients: a
     * client that can write bytes sends {@link Message#utf8()}, encoded once for all of them
     * (the container would encode the text again for every client).
     */
    default void send(Message message, Consumer<Throwable> done) {
        send(message.text(), done);
    }

    /**
     * Writes what {@link #send} may have gathered: the hub calls it when it has sent what was
     * waiting, so several events go out in one write instead of one write each.
     */
    default void flush() {
    }

    /** Sends a ping; may wait until it is written. */
    void ping() throws Exception;

    /** Starts the closing handshake without waiting for it. */
    void close(int code, String reason);

    /** Drops the connection when nothing moves on it for {@code timeout} (a peer that stopped reading). */
    void expireWhenIdle(Duration timeout);

    /** For logs, e.g. the session id and the remote address. */
    String describe();

    /** One message of the stream: its text, and the same text in UTF-8, encoded once. */
    final class Message {
        private final String text;
        private final ByteBuffer utf8;

        private Message(String text) {
            this.text = text;
            this.utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        }

        static Message of(String text) {
            return new Message(text);
        }

        String text() {
            return text;
        }

        /** The text in UTF-8: a read-only view of its own, so clients may write it at once. */
        ByteBuffer utf8() {
            return utf8.duplicate();
        }
    }
}
