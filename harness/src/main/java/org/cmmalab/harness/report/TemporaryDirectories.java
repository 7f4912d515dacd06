package org.cmmalab.harness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The temporary directories that reports are being rendered into, so that an interrupted or
 * terminated process removes them: {@link #PROCESS} does so from a shutdown hook, which the JVM
 * runs on Ctrl-C (SIGINT) and on SIGTERM. A move into place holds the same lock as the removal,
 * so one that has begun finishes first, and none begins after.
 */
final class TemporaryDirectories {
    /** This process's, removed by a shutdown hook. */
    static final TemporaryDirectories PROCESS = new TemporaryDirectories();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PROCESS::discardAll, "cmma-report-cleanup"));
    }

    private final Set<Path> open = new HashSet<>();
    private boolean stopping;

    /** Work on the file system that must finish, or not begin, before the directories are removed. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /** Creates {@code dir} and holds it until {@link #close}; refused once the process is stopping. */
    synchronized void create(Path dir) throws IOException {
        refuseIfStopping();
        Files.createDirectory(dir);
        open.add(dir);
    }

    /** Runs {@code step} (a move into place) unless the process is stopping, and then lets {@code dir} go. */
    synchronized void finish(Path dir, Step step) throws IOException {
        refuseIfStopping();
        step.run();
        open.remove(dir);
    }

    /** Lets {@code dir} go without a move into place (it is being removed after a failure). */
    synchronized void close(Path dir) {
        open.remove(dir);
    }

    /**
     * Removes every directory still held, and refuses all later work. Each is renamed first, so
     * that a renderer still writing by its old path fails instead of refilling it.
     */
    synchronized void discardAll() {
        stopping = true;
        for (Path dir : open) {
            try {
                Path doomed = dir.resolveSibling(dir.getFileName() + "-discarded");
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                removeTree(doomed);
            } catch (IOException e) {
                System.err.println("cmma: could not remove the temporary directory " + dir + ": " + e);
            }
        }
        open.clear();
    }

    private void refuseIfStopping() throws IOException {
        if (stopping) {
            throw new IOException("the process is stopping");
        }
    }

    /** Deletes a directory and everything in it; nothing if it is gone already. */
    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
