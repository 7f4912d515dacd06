package org.cmmalab.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A directory made read-only for the test's user, and made writable again on close. Permission
 * bits do not bind root, so as root the directory is also made immutable ({@code chattr +i},
 * where the file system has it); where neither binds, the test is skipped, saying why.
 */
public final class ReadOnly implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;

    private ReadOnly(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    public static ReadOnly make(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = !cannotWrite(dir) && chattr("+i", dir);
        ReadOnly readOnly = new ReadOnly(dir, immutable);
        if (!cannotWrite(dir)) {
            readOnly.close();
            assumeTrue(false, "cannot make a directory read-only here: permissions do not bind this user and "
                    + "chattr +i is not available");
        }
        return readOnly;
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            chattr("-i", dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean cannotWrite(Path dir) {
        Path probe = dir.resolve(".read-only-probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean chattr(String flag, Path dir) {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
