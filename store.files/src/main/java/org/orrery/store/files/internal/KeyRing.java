package org.orrery.store.files.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption keys the store knows: the current one (new files are encrypted with it) and
 * older ones, kept for reading. A key is 32 bytes (AES-256), written as base64. Keys come from
 * the configuration ({@code encryption_key} with {@code key_id}) and from the files
 * {@code <id>.key} of the keys folder, each readable by its owner only. Never logs or shows a key.
 */
final class KeyRing {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String SUFFIX = ".key";

    private final Map<String, SecretKey> keys;
    private final String current;

    private KeyRing(Map<String, SecretKey> keys, String current) {
        this.keys = Map.copyOf(keys);
        this.current = current;
    }

    static KeyRing empty() {
        return new KeyRing(Map.of(), null);
    }

    /**
     * The keys of {@code folder} (may be missing) and of the configuration.
     *
     * @param configuredKey base64 of 32 bytes, or null/blank
     * @param currentId the id of the current key (of the configured key when there is one), or
     *        null/blank for no current key
     * @throws IllegalArgumentException a key is malformed, a key file is readable by others, or
     *         the current key is not found; the message never holds key material
     */
    static KeyRing load(Path folder, String configuredKey, String currentId) throws IOException {
        Map<String, SecretKey> keys = new HashMap<>();
        if (folder != null && Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String id = name.substring(0, name.length() - SUFFIX.length());
                    if (!KEY_ID.matcher(id).matches()) {
                        throw new IllegalArgumentException("key file " + file + ": the id '" + id
                                + "' must be 1 to 64 of [A-Za-z0-9._-]");
                    }
                    ownerOnly(file);
                    keys.put(id, key(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII), "key file " + file));
                }
            }
        }
        String id = currentId == null || currentId.isBlank() ? null : currentId.trim();
        if (id != null && !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key_id must be 1 to 64 of [A-Za-z0-9._-], was '" + id + "'");
        }
        if (configuredKey != null && !configuredKey.isBlank()) {
            if (id == null) {
                throw new IllegalArgumentException("encryption_key is set but key_id is not: name the key");
            }
            keys.put(id, key(configuredKey, "encryption_key"));
        }
        if (id != null && !keys.containsKey(id)) {
            throw new IllegalArgumentException("the current key '" + id + "' is neither in encryption_key nor in "
                    + (folder == null ? "a keys folder" : folder.resolve(id + SUFFIX)));
        }
        return new KeyRing(keys, id);
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("key file " + file + " must be a regular file");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // no POSIX permissions here (Windows): the home folder's ACL protects it
        }
        Set<PosixFilePermission> p = view.readAttributes().permissions();
        for (PosixFilePermission other : new PosixFilePermission[] {PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE}) {
            if (p.contains(other)) {
                throw new IllegalArgumentException("key file " + file + " is refused: it must be readable by its owner"
                        + " only (chmod 600), it has " + java.nio.file.attribute.PosixFilePermissions.toString(p));
            }
        }
    }

    private static SecretKey key(String base64, String where) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(where + " must be base64 of 32 bytes (AES-256), it has " + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The id of the current key, or null when the store has none (encryption refused: NO_KEY). */
    String currentId() {
        return current;
    }

    /** The key with {@code id}, or null. */
    SecretKey get(String id) {
        return keys.get(id);
    }

    Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "KeyRing" + keys.keySet() + " current=" + current;
    }
}
