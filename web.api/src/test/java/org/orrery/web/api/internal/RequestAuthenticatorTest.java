package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;

class RequestAuthenticatorTest {

    private final RequestAuthenticator authenticator = new RequestAuthenticator(SessionServletTest.AUTHENTICATOR);

    private FakeHttp refusal(String authorization) throws Exception {
        FakeHttp http = new FakeHttp();
        assertTrue(authenticator.authenticateOrRefuse(FakeHttp.request("GET", "/tasks", null, Role.VIEWER, Map.of(), null, null,
                Map.of("Authorization", authorization)), http.response()).isEmpty());
        assertEquals(401, http.status, http.body());
        return http;
    }

    @Test
    void aRefusedBearerTokenIsChallengedForABearerTokenSoNoBrowserShowsADialog() throws Exception {
        assertEquals(Problems.BEARER_CHALLENGE, refusal("Bearer orrery_gone_secret").headers.get("WWW-Authenticate"));
        assertEquals(Problems.BEARER_CHALLENGE, refusal("bearer orrery_gone_secret").headers.get("WWW-Authenticate"));
    }

    @Test
    void otherRefusalsStillAskForBasic() throws Exception {
        assertTrue(refusal(SessionServletTest.basic("ann", "cloudy")).headers.get("WWW-Authenticate").startsWith("Basic "));
    }
}
