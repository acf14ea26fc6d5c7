package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.orrery.security.UserAdmin;

import com.fasterxml.jackson.databind.JsonNode;

class SessionServletTest {

    static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    static final String RIGHT = basic("ann", "clear skies");

    /** Accepts ann's right password, throttles "mallory", refuses the rest. */
    static final Authenticator AUTHENTICATOR = new Authenticator() {
        @Override
        public Authentication authenticateHttp(String header, String remoteAddress) {
            if (RIGHT.equals(header)) {
                return Authentication.accepted(new AuthenticatedUser("ann", Role.OPERATOR));
            }
            return header.equals(basic("mallory", "guess")) ? Authentication.throttled(Duration.ofMillis(2500))
                    : Authentication.REFUSED;
        }

        @Override
        public Optional<AuthenticatedUser> authenticate(String userName, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<AuthenticatedUser> authenticateToken(String token) {
            throw new UnsupportedOperationException();
        }
    };

    /** Tokens in memory; what was created and revoked. */
    static final class Tokens implements UserAdmin {
        final List<Token> tokens = new ArrayList<>();
        final List<String> revoked = new ArrayList<>();

        @Override
        public IssuedToken createToken(String user, Role role, String description, Instant expiresAt) {
            Token token = new Token("id" + tokens.size(), user, role == null ? Role.OPERATOR : role, description, NOW, expiresAt);
            tokens.add(token);
            return new IssuedToken(token, "orrery_" + token.id() + "_secret");
        }

        @Override
        public List<Token> tokens() {
            return List.copyOf(tokens);
        }

        @Override
        public boolean revokeToken(String id) {
            revoked.add(id);
            return tokens.removeIf(t -> t.id().equals(id));
        }

        @Override
        public List<User> users() {
            throw new UnsupportedOperationException();
        }

        @Override
        public User createUser(String name, Role role, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setPassword(String name, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteUser(String name) {
            throw new UnsupportedOperationException();
        }
    }

    private final Tokens tokens = new Tokens();
    private final SessionServlet servlet = new SessionServlet(Clock.fixed(NOW, ZoneOffset.UTC), AUTHENTICATOR, tokens);

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private FakeHttp call(String method, String body, String authorization) throws Exception {
        FakeHttp http = new FakeHttp();
        var request = FakeHttp.request(method, "/session", null, Role.VIEWER, Map.of(),
                body == null ? null : "application/json", body, authorization == null ? Map.of() : Map.of("Authorization", authorization));
        servlet.service(request, http.response());
        return http;
    }

    private static JsonNode json(FakeHttp http) throws Exception {
        return ApiJson.MAPPER.readTree(http.body());
    }

    @Test
    void aRightSignInMakesATokenValidFor12Hours() throws Exception {
        FakeHttp http = call("POST", "{\"user\": \"ann\", \"password\": \"clear skies\"}", null);
        assertEquals(201, http.status, http.body());
        JsonNode answer = json(http);
        assertEquals("orrery_id0_secret", answer.path("token").asText());
        assertEquals("ann", answer.path("user").asText());
        assertEquals("operator", answer.path("role").asText());
        assertEquals("2026-12-05T20:00:00Z", answer.path("expires_at").asText());
        UserAdmin.Token made = tokens.tokens.get(0);
        assertEquals("dashboard sign-in from 192.0.2.7", made.description());
        assertEquals(NOW.plus(Duration.ofHours(12)), made.expiresAt());
    }

    @Test
    void aWrongSignInIsA401WithABearerChallengeAndMakesNoToken() throws Exception {
        FakeHttp http = call("POST", "{\"user\": \"ann\", \"password\": \"cloudy\"}", null);
        assertEquals(401, http.status, http.body());
        assertEquals(Problems.BEARER_CHALLENGE, http.headers.get("WWW-Authenticate"));
        assertTrue(tokens.tokens.isEmpty());
    }

    @Test
    void aThrottledSignInIsA429WithRetryAfter() throws Exception {
        FakeHttp http = call("POST", "{\"user\": \"mallory\", \"password\": \"guess\"}", null);
        assertEquals(429, http.status, http.body());
        assertEquals("3", http.headers.get("Retry-After"));
        assertTrue(tokens.tokens.isEmpty());
    }

    @Test
    void aMissingBlankOrUnknownFieldIsA400NamingIt() throws Exception {
        for (String[] bad : List.of(new String[] {"{\"user\": \"ann\"}", "'password'"},
                new String[] {"{\"user\": \"  \", \"password\": \"x\"}", "'user'"},
                new String[] {"{\"user\": 7, \"password\": \"x\"}", "'user'"},
                new String[] {"{\"user\": \"ann\", \"password\": \"x\", \"remember\": true}", "'remember'"},
                new String[] {"[]", "JSON object"})) {
            FakeHttp http = call("POST", bad[0], null);
            assertEquals(400, http.status, bad[0] + " → " + http.body());
            assertTrue(json(http).path("detail").asText().contains(bad[1]), http.body());
        }
        assertTrue(tokens.tokens.isEmpty());
    }

    @Test
    void theSessionOfABearerTokenNamesItAndSignOutRevokesIt() throws Exception {
        UserAdmin.IssuedToken issued = tokens.createToken("test", Role.VIEWER, "dashboard", NOW.plusSeconds(60));
        JsonNode session = json(call("GET", null, "Bearer " + issued.secret()));
        assertEquals("test", session.path("user").asText());
        assertEquals("viewer", session.path("role").asText());
        assertEquals("id0", session.path("token_id").asText());
        assertEquals(NOW.plusSeconds(60).toString(), session.path("expires_at").asText());

        FakeHttp out = call("DELETE", null, "Bearer " + issued.secret());
        assertEquals(204, out.status, out.body());
        assertEquals(List.of("id0"), tokens.revoked);
    }

    @Test
    void withHttpBasicThereIsNoSessionTokenToEnd() throws Exception {
        JsonNode session = json(call("GET", null, RIGHT));
        assertTrue(session.path("token_id").isNull() && session.path("expires_at").isNull(), session.toString());
        FakeHttp out = call("DELETE", null, RIGHT);
        assertEquals(400, out.status, out.body());
        assertTrue(json(out).path("detail").asText().contains("no session token"), out.body());
        assertTrue(tokens.revoked.isEmpty());
    }
}
