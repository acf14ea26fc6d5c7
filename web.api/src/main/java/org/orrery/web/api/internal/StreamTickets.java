package org.orrery.web.api.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.orrery.security.AuthenticatedUser;
import org.osgi.service.component.annotations.Component;

/**
 * Tickets for the event stream, for browsers (which cannot set headers on a WebSocket): a
 * ticket is a 256-bit random string, held in memory only, that opens one stream at
 * {@code /ws?ticket=…} within {@link #LIFETIME} of being issued, once. It is bound to the user
 * and to the credential (the {@code Authorization} header) that asked for it; the stream
 * rechecks that credential while it is open. At most {@link #PER_USER} tickets are held per
 * user (the oldest dropped past that); expired ones are swept whenever a ticket is issued or
 * redeemed, after a grace period in which they are still told apart from unknown ones.
 */
@Component(service = StreamTickets.class)
public final class StreamTickets {

    /** How long a ticket may wait to be redeemed. */
    static final Duration LIFETIME = Duration.ofSeconds(30);
    /** The most tickets held for one user. */
    static final int PER_USER = 64;

    /** A ticket as held: who asked, with which credential, until when; whether it was used. */
    private static final class Held {
        final AuthenticatedUser user;
        final String authorization;
        final Instant expiresAt;
        boolean used;

        Held(AuthenticatedUser user, String authorization, Instant expiresAt) {
            this.user = user;
            this.authorization = authorization;
            this.expiresAt = expiresAt;
        }
    }

    /**
     * What redeeming a ticket gave.
     *
     * @param user the user who asked for it; null when refused
     * @param authorization the {@code Authorization} header that asked for it; null when refused
     * @param refusal why the ticket opens nothing; null when it was redeemed
     */
    record Redemption(AuthenticatedUser user, String authorization, String refusal) {
        static Redemption refused(String why) {
            return new Redemption(null, null, why);
        }
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Every held ticket, oldest first. */
    private final Map<String, Held> tickets = new LinkedHashMap<>();

    public StreamTickets() {
        this(Clock.systemUTC());
    }

    StreamTickets(Clock clock) {
        this.clock = clock;
    }

    /** A new ticket for {@code user}, who authenticated with the header {@code authorization}. */
    synchronized String issue(AuthenticatedUser user, String authorization) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authorization, "authorization");
        Instant now = clock.instant();
        sweep(now);
        dropOldestBeyondBound(user.name());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(ticket, new Held(user, authorization, now.plus(LIFETIME)));
        return ticket;
    }

    /** Redeems a ticket: once, before it expires. */
    synchronized Redemption redeem(String ticket) {
        Instant now = clock.instant();
        sweep(now);
        Held held = ticket == null ? null : tickets.get(ticket);
        if (held == null) {
            return Redemption.refused("the ticket is unknown: ask for one with POST /api/v1/ws/ticket");
        }
        if (held.used) {
            return Redemption.refused("the ticket was used already: a ticket opens one stream; ask for another");
        }
        if (!now.isBefore(held.expiresAt)) {
            return Redemption.refused("the ticket expired: it is valid for " + LIFETIME.toSeconds()
                    + " s after it was issued; ask for another");
        }
        held.used = true;
        return new Redemption(held.user, held.authorization, null);
    }

    /** The number of tickets held (used or not, until swept); for tests. */
    synchronized int held() {
        return tickets.size();
    }

    /** Forgets the tickets that expired more than a {@link #LIFETIME} ago. */
    private void sweep(Instant now) {
        Instant horizon = now.minus(LIFETIME);
        tickets.values().removeIf(held -> !horizon.isBefore(held.expiresAt));
    }

    /** Makes room for one more ticket of {@code user}: drops their oldest while they hold {@link #PER_USER}. */
    private void dropOldestBeyondBound(String user) {
        int count = 0;
        for (Held held : tickets.values()) {
            if (held.user.name().equals(user)) {
                count++;
            }
        }
        for (Iterator<Held> it = tickets.values().iterator(); count >= PER_USER && it.hasNext();) {
            if (it.next().user.name().equals(user)) {
                it.remove();
                count--;
            }
        }
    }
}
