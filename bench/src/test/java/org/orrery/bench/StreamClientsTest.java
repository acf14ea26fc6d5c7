package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The stream clients' frames into whole text messages. */
class StreamClientsTest {

    @Test
    void aWholeFrameIsReadInPlaceAndFragmentsAreJoined() {
        List<String> messages = new ArrayList<>();
        StreamClients.TextMessages reader = new StreamClients.TextMessages(m -> messages.add(m.toString()));
        ByteBuffer buffer = ByteBuffer.wrap("xx{\"type\":\"task_ready\"}yy{\"a\":1,\"b\":2}".getBytes(StandardCharsets.US_ASCII));

        reader.frame(true, buffer, 2, 21);
        reader.frame(false, buffer, 25, 6); // {"a":1
        reader.frame(false, buffer, 31, 0); // an empty continuation
        reader.frame(true, buffer, 31, 7); // ,"b":2}
        reader.frame(true, buffer, 2, 1);

        assertEquals(List.of("{\"type\":\"task_ready\"}", "{\"a\":1,\"b\":2}", "{"), messages);
        assertEquals(0, buffer.position(), "the frames' buffer is not moved");
    }
}
