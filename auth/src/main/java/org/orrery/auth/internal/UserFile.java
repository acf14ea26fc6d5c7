package org.orrery.auth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.orrery.security.Role;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The user store on disk, {@code {"version":1,"users":[{"name","role","password_hash"}]}}: a
 * JSON file readable by its owner only, replaced atomically on every write so a crash never
 * leaves half a file. Read with Jackson's streaming parser, which is ready in a few
 * milliseconds (the object mapper would add a fifth of a second to every start).
 */
final class UserFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    UserFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /**
     * Reads every user.
     *
     * @throws IOException with a message that names the file and what is wrong with it
     */
    List<UserRecord> read() throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            expect(json, JsonToken.START_OBJECT, "an object");
            List<UserRecord> users = null;
            Integer version = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "version" -> version = json.getIntValue();
                    case "users" -> users = readUsers(json);
                    default -> throw new IOException("unknown field '" + field + "'");
                }
            }
            if (version == null || version != VERSION) {
                throw new IOException("expected \"version\": " + VERSION + ", found " + version);
            }
            if (users == null || users.isEmpty()) {
                throw new IOException("it lists no users");
            }
            return List.copyOf(users);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a valid user store: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + " is not a valid user store: " + e.getMessage(), e);
        }
    }

    private static List<UserRecord> readUsers(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("\"users\" must be an array");
        }
        List<UserRecord> users = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> fields = new HashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                if (json.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("user field '" + name + "' must be a string");
                }
                fields.put(name, json.getText());
            }
            for (String required : List.of("name", "role", "password_hash")) {
                if (!fields.containsKey(required)) {
                    throw new IOException("user #" + (users.size() + 1) + " has no '" + required + "'");
                }
            }
            if (fields.size() != 3) {
                throw new IOException("user '" + fields.get("name") + "' has unknown fields: " + fields.keySet());
            }
            users.add(new UserRecord(fields.get("name"), Role.fromId(fields.get("role")), fields.get("password_hash")));
        }
        if (json.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("\"users\" must hold objects");
        }
        return users;
    }

    private static void expect(JsonParser json, JsonToken token, String what) throws IOException {
        if (json.nextToken() != token) {
            throw new IOException("expected " + what + " at " + json.currentLocation().offsetDescription());
        }
    }

    /** Replaces the file with {@code users}, atomically, owner-readable only. */
    void write(List<UserRecord> users) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeNumberField("version", VERSION);
            json.writeArrayFieldStart("users");
            for (UserRecord user : users) {
                json.writeStartObject();
                json.writeStringField("name", user.name());
                json.writeStringField("role", user.role().id());
                json.writeStringField("password_hash", user.passwordHash());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        writeOwnerOnly(file, bytes.toByteArray());
    }

    /** Writes {@code bytes} to {@code target} through a temporary file that only the owner can read. */
    static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(temp);
        }
        Files.write(temp, bytes);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
