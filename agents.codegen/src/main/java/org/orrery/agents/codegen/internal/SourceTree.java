package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.TaskParameterException;

/**
 * The files of a folder under the agent's root, chosen by glob patterns. A path that leaves the
 * root (through {@code ..}, an absolute path elsewhere, or a symbolic link that points out of it)
 * is refused. Symbolic links inside the tree are followed only to files whose real path is inside
 * the root; linked folders are not entered (no loops, no file counted twice).
 */
final class SourceTree {

    /** The chosen files (relative to the folder, '/'-separated) and whether {@code max_files} cut the list. */
    record Listing(Path folder, List<String> files, boolean truncated, int symlinksSkipped) {
    }

    private final Path root;

    /** @param root the folder that paths resolve against and may not leave; must exist */
    SourceTree(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path root() {
        return root;
    }

    /**
     * The real folder a task's {@code path} names.
     *
     * @param parameter the parameter's name, for the message
     * @throws TaskParameterException the path is not a folder under the root
     */
    Path folder(String path, String parameter) throws TaskParameterException {
        Path real = inside(path, parameter);
        if (!Files.isDirectory(real)) {
            throw new TaskParameterException(parameter + ": expected a folder under " + root + ", found a file: '" + path + "'");
        }
        return real;
    }

    /** The real file a task's path names (for a review's {@code files}). */
    Path file(String path, String parameter) throws TaskParameterException {
        Path real = inside(path, parameter);
        if (!Files.isRegularFile(real)) {
            throw new TaskParameterException(parameter + ": expected a file under " + root + ", found a folder: '" + path + "'");
        }
        return real;
    }

    /**
     * The path a task names, checked without touching the disk (at submission: it may not exist
     * yet): inside the root once {@code ..} and {@code .} are taken out.
     */
    Path lexical(String path, String parameter) throws TaskParameterException {
        Path candidate;
        try {
            candidate = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new TaskParameterException(parameter + ": expected a path under " + root + ", found '" + path + "' ("
                    + e.getReason() + ")");
        }
        if (!candidate.startsWith(root)) {
            throw new TaskParameterException(parameter + ": expected a path inside " + root + ", found '" + path + "'");
        }
        return candidate;
    }

    private Path inside(String path, String parameter) throws TaskParameterException {
        Path real;
        try {
            real = lexical(path, parameter).toRealPath();
        } catch (IOException e) {
            throw new TaskParameterException(parameter + ": expected an existing path under " + root + ", found '" + path
                    + "' (" + e.getClass().getSimpleName() + ")");
        }
        if (!real.startsWith(root)) {
            throw new TaskParameterException(parameter + ": '" + path + "' is a link out of " + root + " (to " + real + ")");
        }
        return real;
    }

    /**
     * A glob as {@link java.nio.file.FileSystem#getPathMatcher} takes it, matched against paths
     * relative to the folder; a leading {@code **}{@code /} also matches at the top (as people
     * mean {@code **}{@code /*.py}). Invalid: a message naming the parameter.
     */
    static PathMatcher glob(String pattern, String parameter) throws TaskParameterException {
        try {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (pattern.startsWith("**/") && pattern.length() > 3) {
                PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3));
                return path -> matcher.matches(path) || top.matches(path);
            }
            return matcher;
        } catch (IllegalArgumentException e) {
            throw new TaskParameterException(parameter + ": expected a glob such as '**/*.java', found '" + pattern + "' ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * Lists the files of {@code folder} that match an include (all when there is none) and no
     * exclude, in name order, at most {@code maxFiles}.
     */
    Listing list(Path folder, List<PathMatcher> includes, List<PathMatcher> excludes, int maxFiles) throws IOException {
        List<String> files = new ArrayList<>();
        int[] symlinks = {0};
        boolean[] truncated = {false};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path relative = folder.relativize(dir);
                return !relative.toString().isEmpty() && excludes.stream().anyMatch(m -> m.matches(relative))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink() && !linkInside(file)) {
                    symlinks[0]++;
                    return FileVisitResult.CONTINUE;
                }
                if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                    return FileVisitResult.CONTINUE;
                }
                Path relative = folder.relativize(file);
                boolean included = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(relative));
                if (included && excludes.stream().noneMatch(m -> m.matches(relative))) {
                    if (files.size() == maxFiles) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    files.add(relative.toString().replace(file.getFileSystem().getSeparator(), "/"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable entry is left out, not fatal
            }
        });
        files.sort(null);
        return new Listing(folder, files, truncated[0], symlinks[0]);
    }

    /** A link to a regular file inside the root; links to folders are not entered. */
    private boolean linkInside(Path link) {
        try {
            Path target = link.toRealPath();
            return target.startsWith(root) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }
}
