package org.cmmalab.harness.report;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.cmmalab.harness.InputError;

/**
 * A directory that a command writes its report into, all at once or not at all.
 *
 * <p>{@link #check} is called before any long work: it refuses, as an {@link InputError} naming the
 * path as the user gave it, a path that is a file, lies below a file, or whose directory (or nearest
 * existing ancestor) cannot be written, and it leaves nothing behind.
 *
 * <p>{@link #write} renders everything into a temporary sibling ({@code .NAME.tmp-RANDOM}); only
 * when every file is complete is it moved into place, by renames within one file system:
 * <ul>
 * <li>if the directory does not exist, the temporary one is renamed to it, all at once;</li>
 * <li>if it exists, each entry written replaces its namesake by one rename (an entry that is a
 *     directory where the target already has one is merged into it the same way, file by file),
 *     the last entry last; then files the report owns but did not write this time (a chart of a
 *     ratio no longer run) are deleted. Everything else is left alone, so a report can be rewritten
 *     in place beside a user's notes.</li>
 * </ul>
 * If rendering fails, or the process is interrupted (Ctrl-C) or terminated while it renders, the
 * temporary directory is removed and the target is as it was ({@link TemporaryDirectories}). (If a
 * rename into an existing directory fails, which renames within one file system hardly do, it can
 * hold some new and some old files, each complete.)
 */
public final class ReportDirectory {
    private static final String BESIDE = " (the report is written beside the directory first, then moved in)";

    /** Writes a report's files into a directory; returns the top-level names written, in the order to move them. */
    @FunctionalInterface
    public interface Renderer {
        List<String> render(Path dir) throws IOException;
    }

    private final Path given;
    private final Predicate<Path> owns;
    private final TemporaryDirectories temporaries;

    private ReportDirectory(Path given, Predicate<Path> owns, TemporaryDirectories temporaries) {
        this.given = given;
        this.owns = owns;
        this.temporaries = temporaries;
    }

    /**
     * Checks that a report can be written to {@code outDir}, writing nothing. {@code owns} tells,
     * for a path relative to the directory, whether the report owns that file (may replace or
     * delete it).
     */
    public static ReportDirectory check(Path outDir, Predicate<Path> owns) {
        return check(outDir, owns, TemporaryDirectories.PROCESS);
    }

    /** {@link #check}, with the temporary directories held by {@code temporaries}. */
    static ReportDirectory check(Path outDir, Predicate<Path> owns, TemporaryDirectories temporaries) {
        ReportDirectory dir = new ReportDirectory(outDir, owns, temporaries);
        dir.verify();
        return dir;
    }

    /** The checks of {@link #check}, made again by {@link #write}: the file system may have changed since. */
    private Path verify() {
        Path target = target();
        Path existing = target.getParent();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw error(existing + " exists and is not a directory");
        }
        probe(existing, true);
        if (Files.isDirectory(target)) {
            probe(target, false);
        }
        return target;
    }

    /** The directory as the user gave it. */
    public Path path() {
        return given;
    }

    /** Renders the report and moves it into place; returns the top-level entries written, in order. */
    public List<Path> write(Renderer renderer) {
        Path target = verify();
        Path staging = staging(target);
        try {
            List<String> names = renderer.render(staging);
            temporaries.finish(staging, () -> publish(staging, target, names, Path.of("")));
            TemporaryDirectories.removeTree(staging);
            return names.stream().map(target::resolve).toList();
        } catch (IOException e) {
            // The temporary directory is ours, not the user's: a message names the user's path instead.
            throw error(reason(e).replace(staging.toString(), given.toString()) + discard(staging));
        } catch (RuntimeException | Error e) {
            String leftover = discard(staging);
            if (!leftover.isEmpty()) {
                e.addSuppressed(new IOException(leftover));
            }
            throw e;
        }
    }

    /** The target as an absolute, real path; refuses a file and the root directory. */
    private Path target() {
        Path target = given.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(target)) {
                target = target.toRealPath();
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw error("it is not a directory");
            }
        } catch (IOException e) {
            throw error(reason(e));
        }
        if (target.getParent() == null) {
            throw new InputError(given + ": cannot write a report into the root directory");
        }
        return target;
    }

    /**
     * Creates and removes a hidden entry in {@code dir}: the one test of writability that also holds
     * for root, read-only mounts and immutable directories. {@code beside} says the report is
     * written beside the target (in its parent) rather than into it.
     */
    private void probe(Path dir, boolean beside) {
        Path probe = dir.resolve(".cmma-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        String which = beside ? dir + " is not writable" : "it is not writable";
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw error(which + (beside ? BESIDE : ""));
        } catch (IOException e) {
            // The cause alone: the probe's own name would only puzzle the user.
            String cause = e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
            throw error(which + " (" + cause + ")" + (beside ? BESIDE : ""));
        }
    }

    /** Creates the temporary sibling of {@code target}, and {@code target}'s missing parents. */
    private Path staging(Path target) {
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw error(reason(e));
        }
        Path staging = parent.resolve("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            // Not Files.createTempDirectory: its mode 0700 would become the report directory's.
            temporaries.create(staging);
        } catch (AccessDeniedException e) {
            throw error(parent + " is not writable" + BESIDE);
        } catch (IOException e) {
            throw error(reason(e));
        }
        return staging;
    }

    /** Moves {@code names} from {@code from} into {@code to}, then deletes owned files not written. */
    private void publish(Path from, Path to, List<String> names, Path relative) throws IOException {
        if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        for (String name : names) {
            Path source = from.resolve(name);
            Path destination = to.resolve(name);
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                publish(source, destination, list(source), relative.resolve(name));
            } else {
                Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Set<String> written = new HashSet<>(names);
        for (String name : list(to)) {
            Path file = to.resolve(name);
            if (!written.contains(name) && owns.test(relative.resolve(name))
                    && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        }
    }

    /** Removes a temporary directory after a failure; returns what could not be removed, or "". */
    private String discard(Path staging) {
        temporaries.close(staging);
        try {
            TemporaryDirectories.removeTree(staging);
            return "";
        } catch (IOException e) {
            return " (and the temporary directory " + staging + " could not be removed: " + reason(e) + ")";
        }
    }

    private InputError error(String reason) {
        return new InputError(given + ": cannot write the report there: " + reason);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " exists and is not a directory";
        }
        if (e instanceof NotDirectoryException notDirectory) {
            return notDirectory.getFile() + " is not a directory";
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (e instanceof FileSystemException other && other.getReason() != null) {
            return other.getReason() + ": " + other.getFile();
        }
        return String.valueOf(e.getMessage());
    }
}
