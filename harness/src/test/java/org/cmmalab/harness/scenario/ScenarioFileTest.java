package org.cmmalab.harness.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code --scenario} names is checked as a file before its YAML is: a directory, a binary file. */
class ScenarioFileTest {
    @TempDir
    Path dir;

    private static Scenario read(Path path) {
        return ScenarioReader.read(path.toString(), (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
    }

    @Test
    void aDirectoryIsReportedAsADirectory() {
        InputError e = assertThrows(InputError.class, () -> read(dir));
        assertEquals(dir + ": is a directory, not a scenario file", e.getMessage());
    }

    @Test
    void aBinaryFileIsNotTextAtItsFirstBadByte() throws IOException {
        Path gzip = Files.write(dir.resolve("s.yaml.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        InputError e = assertThrows(InputError.class, () -> read(gzip));
        assertEquals(gzip + ":1: not a scenario file: a control character (0x1f) at column 1; a scenario is "
                + "YAML text in UTF-8", e.getMessage());
    }

    @Test
    void aControlCharacterInValidUtf8IsNotTextEither() throws IOException {
        Path nul = Files.write(dir.resolve("s.yaml"), "name: x\nseed: 1\u0000\n".getBytes(StandardCharsets.UTF_8));
        InputError e = assertThrows(InputError.class, () -> read(nul));
        assertEquals(nul + ":2: not a scenario file: a control character (0x00) at column 8; a scenario is "
                + "YAML text in UTF-8", e.getMessage());
    }

    @Test
    void latin1TextNamesTheLineOfItsFirstAccent() throws IOException {
        Path latin1 = Files.write(dir.resolve("s.yaml"), "name: web\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        InputError e = assertThrows(InputError.class, () -> read(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + ":2: not a scenario file: a byte that is not UTF-8 text (0xe9) "
                + "at column 6"), e.getMessage());
    }

    @Test
    void theFirstBadByteIsNamedWhetherAControlOrNotUtf8() throws IOException {
        Path elf = Files.write(dir.resolve("a.out"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xd0, 0});
        InputError e = assertThrows(InputError.class, () -> read(elf));
        assertEquals(elf + ":1: not a scenario file: a control character (0x7f) at column 1; a scenario is "
                + "YAML text in UTF-8", e.getMessage());
        Path c1 = Files.write(dir.resolve("c1.yaml"), "name: x\n# \u0085\n".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(InputError.class, () -> read(c1));
        assertEquals(c1 + ":2: not a scenario file: a control character (0x85) at column 3; a scenario is "
                + "YAML text in UTF-8", e.getMessage());
    }

    @Test
    void utf8TextStillReads() throws IOException {
        Path ok = Files.writeString(dir.resolve("s.yaml"), "name: caf\u00e9\nguests:\n  - {workload: idle, memoryMiB: 16}\n");
        assertEquals("caf\u00e9", read(ok).name());
    }
}
