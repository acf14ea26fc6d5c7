package org.orrery.auth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.security.Role;
import org.orrery.security.UserAdmin.Token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * API tokens on disk ({@code data/tokens.json}, owner-readable only): each with the SHA-256
 * of its secret, never the secret. Tokens are long random strings, so a plain hash is enough.
 */
final class TokenFile {

    /** A stored token: what is listed, and the hash of its secret. */
    record Stored(Token token, String secretSha256) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private final Path file;

    TokenFile(Path file) {
        this.file = file;
    }

    List<Stored> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Stored> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + " is not a token store: expected an array");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
                Map<String, String> f = new HashMap<>();
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    json.nextToken();
                    f.put(name, json.currentToken() == JsonToken.VALUE_NULL ? null : json.getText());
                }
                try {
                    Token token = new Token(f.get("id"), f.get("user"), Role.fromId(f.get("role")), f.get("description"),
                            Instant.parse(f.get("created_at")), f.get("expires_at") == null ? null : Instant.parse(f.get("expires_at")));
                    out.add(new Stored(token, f.get("secret_sha256")));
                } catch (RuntimeException e) {
                    throw new IOException(file + " holds a token that cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    void write(List<Stored> tokens) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes).useDefaultPrettyPrinter()) {
            json.writeStartArray();
            for (Stored s : tokens) {
                Token t = s.token();
                json.writeStartObject();
                json.writeStringField("id", t.id());
                json.writeStringField("user", t.user());
                json.writeStringField("role", t.role().id());
                json.writeStringField("description", t.description());
                json.writeStringField("created_at", t.createdAt().toString());
                json.writeStringField("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
                json.writeStringField("secret_sha256", s.secretSha256());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        UserFile.writeOwnerOnly(file, bytes.toByteArray());
    }
}
