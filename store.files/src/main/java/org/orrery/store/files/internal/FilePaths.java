package org.orrery.store.files.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;

/**
 * The path rules of the store: a path is relative, '/'-separated, and names a place under the
 * root on every platform Orrery runs on. See the module README for the list; every refusal is
 * {@link Reason#BAD_PATH} with a message naming the rule.
 */
final class FilePaths {

    /** Prefix of the store's own temporary files; no path may use it. */
    static final String TEMP_PREFIX = ".orrery-tmp-";
    static final int MAX_PATH_CHARS = 1024;
    static final int MAX_SEGMENT_BYTES = 255;

    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$");
    /** Characters Windows does not allow in names, and ':' (drive letters, alternate data streams). */
    private static final String FORBIDDEN = "<>:\"|?*\\";
    /** Characters that look like a separator or a dot to people (and to some normalising layers). */
    private static final String LOOKALIKES = "\u2215\u2044\uFF0F\uFF3C\u29F8\u29F9\uFE68\uFF0E\u2024";

    private final Path root;
    private final Path realRoot;
    private final boolean posix;

    FilePaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        createFolders(this.root);
        this.realRoot = this.root.toRealPath();
    }

    /** Creates the missing folders of {@code folder}, readable by the owner only (where there are POSIX permissions). */
    void createFolders(Path folder) throws IOException {
        if (posix) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** What a new file is created with: readable and writable by the owner only (where there are POSIX permissions). */
    FileAttribute<?>[] privateFile() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    Path root() {
        return realRoot;
    }

    /** The file a valid path names; refuses a path that breaks a rule or leads out through a link. */
    Path resolve(String path) throws FileStoreException {
        check(path, false);
        Path target = realRoot.resolve(path);
        checkInside(path, target);
        return target;
    }

    /** The folder a listing names: "" is the root. */
    Path resolveFolder(String folder) throws FileStoreException {
        if (folder == null || folder.isEmpty()) {
            return realRoot;
        }
        String f = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        check(f, true);
        Path target = realRoot.resolve(f);
        checkInside(folder, target);
        return target;
    }

    /** The store path of a file under the root. */
    String relative(Path file) {
        return realRoot.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Refuses a target that is a symbolic link or whose nearest existing ancestor's real path is
     * not under the root (a link on the way leading out).
     */
    private void checkInside(String path, Path target) throws FileStoreException {
        if (Files.isSymbolicLink(target)) {
            throw bad(path, "it is a symbolic link");
        }
        Path existing = target.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
                throw bad(path, "it leads out of the store's root");
            }
        } catch (IOException e) {
            throw bad(path, "its folder cannot be resolved (" + e.getMessage() + ")");
        }
    }

    /** The rules on the text of a path. */
    static void check(String path, boolean folder) throws FileStoreException {
        if (path == null || path.isEmpty()) {
            throw bad(path, "it is empty");
        }
        if (path.length() > MAX_PATH_CHARS) {
            throw bad(path.substring(0, 40) + "…", "it is longer than " + MAX_PATH_CHARS + " characters");
        }
        if (path.startsWith("/")) {
            throw bad(path, "it is absolute: paths are relative to the store's root");
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
            throw bad(path, "it starts with a drive letter");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw bad(path, "it contains '" + (c == '\\' ? "\\\\" : String.valueOf(c))
                        + "' (not allowed: < > : \" | ? * and backslash)");
            }
            if (LOOKALIKES.indexOf(c) >= 0) {
                throw bad(path, String.format(Locale.ROOT, "it contains U+%04X, which looks like a separator or a dot", (int) c));
            }
            if (c == '\uFFFD') {
                throw bad(path, "it contains U+FFFD: it was decoded from bytes that are not UTF-8");
            }
            if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
                i++;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                throw bad(path, String.format(Locale.ROOT, "it contains U+%04X (a control, format, unpaired or unassigned character)", (int) c));
            }
        }
        if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
            throw bad(path, "it is not in Unicode normal form C (NFC)");
        }
        for (String segment : path.split("/", -1)) {
            checkSegment(path, segment);
        }
    }

    private static void checkSegment(String path, String segment) throws FileStoreException {
        if (segment.isEmpty()) {
            throw bad(path, "it has an empty segment ('//', or a '/' at the end)");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw bad(path, "it has a '" + segment + "' segment");
        }
        if (segment.startsWith(TEMP_PREFIX)) {
            throw bad(path, "names starting with '" + TEMP_PREFIX + "' are the store's temporary files");
        }
        char last = segment.charAt(segment.length() - 1);
        if (last == '.' || last == ' ') {
            throw bad(path, "segment '" + segment + "' ends with a dot or a space");
        }
        if (segment.charAt(0) == ' ') {
            throw bad(path, "segment '" + segment + "' starts with a space");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw bad(path, "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        String base = segment.contains(".") ? segment.substring(0, segment.indexOf('.')) : segment;
        String upper = base.trim().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(upper) || upper.matches("(COM|LPT)[0-9\u00B9\u00B2\u00B3]")) {
            throw bad(path, "segment '" + segment + "' is a name Windows reserves");
        }
    }

    static FileStoreException bad(String path, String why) {
        return new FileStoreException(Reason.BAD_PATH, "path '" + printable(path) + "' is refused: " + why);
    }

    /** The path with control characters shown as \\uXXXX, for messages and logs. */
    static String printable(String path) {
        if (path == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.length() && i < 200; i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
