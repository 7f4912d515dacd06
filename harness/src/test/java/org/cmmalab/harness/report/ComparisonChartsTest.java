package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonChartsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void everyChartIsAPngWithADeterministicName() throws IOException {
        List<Path> files = ComparisonCharts.write(ComparisonFixture.comparison(), dir);
        assertEquals(List.of("throughput.png", "host-io.png", "host-memory-1.0.png", "host-memory-2.0.png"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file.toString());
            assertTrue(bytes.length > 10_000, file + " has only " + bytes.length + " bytes");
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(900, image.getWidth());
            assertEquals(520, image.getHeight());
        }
    }

    @Test
    void aRatioWithoutHostMemorySamplesHasNoHostMemoryChart() throws IOException {
        RunResult.TimeSeries empty = new RunResult.TimeSeries("MiB", new double[0], new double[0]);
        List<RunResult> runs = ComparisonFixture.runs();
        runs.set(0, ComparisonFixture.run("none", 1.0, Map.of(), empty));
        runs.set(1, ComparisonFixture.run("cmma", 1.0, Map.of(), empty));
        Comparison comparison = ComparisonFixture.comparison(runs);
        List<Path> files = ComparisonCharts.write(comparison, dir);
        assertEquals(List.of("throughput.png", "host-io.png", "host-memory-2.0.png"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        assertTrue(Files.notExists(dir.resolve("host-memory-1.0.png")));
    }

    @Test
    void theSameComparisonDrawsTheSameBytes(@TempDir Path other) throws IOException {
        ComparisonCharts.write(ComparisonFixture.comparison(), dir);
        ComparisonCharts.write(ComparisonFixture.comparison(), other);
        assertArrayEquals(Files.readAllBytes(dir.resolve("host-io.png")), Files.readAllBytes(other.resolve("host-io.png")));
    }

    @Test
    void hostMemoryChartsAreNamedByRatioAndTheClassMakesAwtHeadless() {
        assertEquals("host-memory-2.5.png", ComparisonCharts.hostMemoryFile(2.5));
        assertEquals("host-memory-1.25.png", ComparisonCharts.hostMemoryFile(1.25));
        assertEquals("true", System.getProperty("java.awt.headless"));
    }
}
