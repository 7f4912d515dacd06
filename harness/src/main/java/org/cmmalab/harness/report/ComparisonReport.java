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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;

/**
 * Every report of a comparison in one directory, what {@code cmma compare --out DIR} writes: the
 * CSV files, the JSON, the charts and the page that shows them.
 *
 * <p>Nothing half-written ever appears in DIR. Everything is first written into a temporary
 * sibling directory ({@code .DIR.tmp-RANDOM}); only when every file is complete is it moved into
 * place, by renames within one file system:
 * <ul>
 * <li>if DIR does not exist, the temporary directory is renamed to DIR, all at once;</li>
 * <li>if DIR exists, only the files this report owns are replaced, each by one rename, the page
 *     last; files that an earlier report wrote and this one did not (the host memory chart of a
 *     ratio no longer run) are then deleted. Everything else in DIR is left alone, so a report
 *     can be rewritten in place beside a user's notes. The report owns {@value ComparisonHtml#FILE},
 *     {@value ComparisonJson#FILE}, the CSV files (the migrations' too, even when it writes none) and the chart names, including every
 *     {@code host-memory-RATIO.png}.</li>
 * </ul>
 * If writing fails, the temporary directory is removed and DIR is as it was. (If a rename into an
 * existing DIR fails, which renames within one file system hardly do, DIR can hold some new and
 * some old files, each complete.) A directory that cannot be written, or whose parent cannot be
 * (the sibling needs it), is an {@link InputError} naming it; DIR's missing parents are created.
 */
public final class ComparisonReport {
    private static final Set<String> OWNED = Set.of(ComparisonHtml.FILE, ComparisonJson.FILE,
            ComparisonCsv.RESULTS, ComparisonCsv.GUESTS, ComparisonCsv.HOST_MEMORY, ComparisonCsv.MIGRATIONS,
            ComparisonCharts.THROUGHPUT, ComparisonCharts.HOST_IO);
    private static final Pattern OWNED_CHART = Pattern.compile("host-memory-[0-9.]+\\.png");

    private ComparisonReport() {
    }

    /** Writes every report of {@code comparison} into {@code outDir}; returns the files, the page last. */
    public static List<Path> writeAll(Comparison comparison, Path outDir) {
        Path target = target(outDir);
        Path staging = staging(outDir, target);
        try {
            List<String> names = render(comparison, staging);
            publish(staging, target, names);
            removeStaging(staging);
            return names.stream().map(target::resolve).toList();
        } catch (IOException e) {
            throw cannotWrite(outDir, e, discard(staging));
        } catch (RuntimeException | Error e) {
            String leftover = discard(staging);
            if (!leftover.isEmpty()) {
                e.addSuppressed(new IOException(leftover));
            }
            throw e;
        }
    }

    /** Whether a report owns {@code fileName}, so that rewriting the report may replace or delete it. */
    static boolean owns(String fileName) {
        return OWNED.contains(fileName) || OWNED_CHART.matcher(fileName).matches();
    }

    private static Path target(Path outDir) {
        Path target = outDir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(target)) {
                target = target.toRealPath();
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new InputError(outDir + ": cannot write the report there: it is not a directory");
            }
        } catch (IOException e) {
            throw cannotWrite(outDir, e, "");
        }
        if (target.getParent() == null) {
            throw new InputError(outDir + ": cannot write the report into the root directory");
        }
        return target;
    }

    /** Creates the temporary sibling of {@code target}, and {@code target}'s missing parents. */
    private static Path staging(Path outDir, Path target) {
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw cannotWrite(outDir, e, "");
        }
        try {
            // Not Files.createTempDirectory: its mode 0700 would become the report directory's.
            return Files.createDirectory(parent.resolve(
                    "." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        } catch (AccessDeniedException e) {
            throw new InputError(outDir + ": cannot write the report there: " + parent
                    + " is not writable (the report is written beside the directory first, then moved in)");
        } catch (IOException e) {
            throw cannotWrite(outDir, e, "");
        }
    }

    /** Writes every file into {@code dir} and returns their names, the page last. */
    private static List<String> render(Comparison comparison, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        ComparisonCsv.write(comparison, dir).forEach(file -> names.add(file.getFileName().toString()));
        ComparisonJson.write(comparison, dir.resolve(ComparisonJson.FILE));
        names.add(ComparisonJson.FILE);
        ComparisonCharts.write(comparison, dir).forEach(file -> names.add(file.getFileName().toString()));
        ComparisonHtml.write(comparison, names, dir);
        names.add(ComparisonHtml.FILE);
        return names;
    }

    private static void publish(Path staging, Path target, List<String> names) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        for (String name : names) {
            Files.move(staging.resolve(name), target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        Set<String> written = new HashSet<>(names);
        try (Stream<Path> files = Files.list(target)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (owns(name) && !written.contains(name) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Deletes the temporary directory and what is left in it; it is gone already if it became the target. */
    private static void removeStaging(Path staging) throws IOException {
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Removes the temporary directory after a failure; returns what could not be removed, or "". */
    private static String discard(Path staging) {
        try {
            removeStaging(staging);
            return "";
        } catch (IOException e) {
            return " (and the temporary directory " + staging + " could not be removed: " + reason(e) + ")";
        }
    }

    private static InputError cannotWrite(Path outDir, IOException e, String leftover) {
        return new InputError(outDir + ": cannot write the report there: " + reason(e) + leftover);
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
