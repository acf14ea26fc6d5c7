package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;

class StreamTicketsTest {

    private static final AuthenticatedUser ANN = new AuthenticatedUser("ann", Role.OPERATOR);
    private static final AuthenticatedUser BOB = new AuthenticatedUser("bob", Role.VIEWER);

    /** A clock that moves only when told. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-05T20:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final StreamTickets tickets = new StreamTickets(clock);

    @Test
    void aTicketIsRedeemedOnceForItsUserAndCredential() {
        String ticket = tickets.issue(ANN, "Bearer orrery_a_b");
        assertEquals(43, ticket.length(), "256 bits in base64url without padding: " + ticket);
        assertTrue(ticket.matches("[A-Za-z0-9_-]+"), ticket);
        assertNotEquals(ticket, tickets.issue(ANN, "Bearer orrery_a_b"));

        StreamTickets.Redemption first = tickets.redeem(ticket);
        assertNull(first.refusal());
        assertEquals(ANN, first.user());
        assertEquals("Bearer orrery_a_b", first.authorization());

        StreamTickets.Redemption again = tickets.redeem(ticket);
        assertNull(again.user());
        assertTrue(again.refusal().contains("used already"), again.refusal());
    }

    @Test
    void eachTicketGivesTheUserWhoAskedForItNotAnother() {
        String anns = tickets.issue(ANN, "Basic YW5uOnB3");
        String bobs = tickets.issue(BOB, "Basic Ym9iOnB3");
        StreamTickets.Redemption bob = tickets.redeem(bobs);
        assertEquals(BOB, bob.user());
        assertEquals("Basic Ym9iOnB3", bob.authorization());
        assertEquals(ANN, tickets.redeem(anns).user());
    }

    @Test
    void aTicketExpiresAfter30SecondsByTheInjectedClock() {
        String ticket = tickets.issue(ANN, "Basic x");
        String spare = tickets.issue(ANN, "Basic x");
        clock.advance(Duration.ofSeconds(29));
        assertNull(tickets.redeem(spare).refusal(), "valid 29 s later");
        clock.advance(Duration.ofSeconds(1));
        StreamTickets.Redemption late = tickets.redeem(ticket);
        assertNull(late.user());
        assertTrue(late.refusal().contains("expired"), late.refusal());
    }

    @Test
    void expiredTicketsAreSweptAndThenUnknown() {
        String ticket = tickets.issue(ANN, "Basic x");
        tickets.issue(BOB, "Basic y");
        assertEquals(2, tickets.held());
        clock.advance(Duration.ofSeconds(60));
        String fresh = tickets.issue(BOB, "Basic y");
        assertEquals(1, tickets.held(), "only the fresh one is held");
        assertTrue(tickets.redeem(ticket).refusal().contains("unknown"));
        assertTrue(tickets.redeem("made-up").refusal().contains("unknown"));
        assertTrue(tickets.redeem(null).refusal().contains("unknown"));
        assertNull(tickets.redeem(fresh).refusal());
    }

    @Test
    void aUserHoldsAtMost64TicketsTheOldestDroppedAndOthersKeepTheirs() {
        String bobs = tickets.issue(BOB, "Basic y");
        List<String> anns = new ArrayList<>();
        for (int i = 0; i < StreamTickets.PER_USER + 2; i++) {
            anns.add(tickets.issue(ANN, "Basic x"));
        }
        assertEquals(StreamTickets.PER_USER + 1, tickets.held());
        assertTrue(tickets.redeem(anns.get(0)).refusal().contains("unknown"), "the oldest was dropped");
        assertTrue(tickets.redeem(anns.get(1)).refusal().contains("unknown"));
        for (String ticket : anns.subList(2, anns.size())) {
            assertNull(tickets.redeem(ticket).refusal());
        }
        assertEquals(BOB, tickets.redeem(bobs).user(), "another user's ticket is not dropped for ann's");
    }
}
