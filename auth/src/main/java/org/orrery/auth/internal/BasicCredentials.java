package org.orrery.auth.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The user name and password of an HTTP {@code Authorization: Basic ...} header (RFC 7617,
 * UTF-8). The password is a char array so a caller can {@link #clear() clear} it after use.
 *
 * @param user the user name (everything before the first colon)
 * @param password the password (everything after it)
 */
record BasicCredentials(String user, char[] password) {

    /** Parses a header value; empty when it is missing or not well-formed Basic credentials. */
    static Optional<BasicCredentials> parse(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
        Arrays.fill(decoded, (byte) 0);
        int colon = -1;
        for (int i = 0; i < chars.limit() && colon < 0; i++) {
            if (chars.get(i) == ':') {
                colon = i;
            }
        }
        if (colon < 0) {
            return Optional.empty();
        }
        String user = chars.subSequence(0, colon).toString();
        char[] password = new char[chars.limit() - colon - 1];
        chars.position(colon + 1);
        chars.get(password);
        Arrays.fill(chars.array(), '\0');
        return Optional.of(new BasicCredentials(user, password));
    }

    /** Overwrites the password in memory. */
    void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=****]";
    }
}
