package org.orrery.auth.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.orrery.security.Role;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The user store on disk: a JSON file readable by its owner only, replaced atomically on
 * every write so a crash never leaves half a file.
 */
final class UserFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

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
        try {
            Contents contents = MAPPER.readValue(file.toFile(), Contents.class);
            if (contents.users() == null || contents.users().isEmpty()) {
                throw new IOException(file + " lists no users");
            }
            return contents.users().stream()
                    .map(u -> new UserRecord(u.name(), Role.fromId(u.role()), u.passwordHash()))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a valid user store: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + " is not a valid user store: " + e.getMessage(), e);
        }
    }

    /** Replaces the file with {@code users}, atomically, owner-readable only. */
    void write(List<UserRecord> users) throws IOException {
        List<StoredUser> stored = users.stream()
                .map(u -> new StoredUser(u.name(), u.role().id(), u.passwordHash()))
                .toList();
        writeOwnerOnly(file, MAPPER.writeValueAsBytes(new Contents(1, stored)));
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

    /** The file's JSON form. */
    record Contents(@JsonProperty(value = "version", required = true) int version,
            @JsonProperty(value = "users", required = true) List<StoredUser> users) {
    }

    /** A user's JSON form. */
    record StoredUser(@JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "role", required = true) String role,
            @JsonProperty(value = "password_hash", required = true) String passwordHash) {
    }
}
