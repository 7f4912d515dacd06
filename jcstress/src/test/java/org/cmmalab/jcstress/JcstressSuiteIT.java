package org.cmmalab.jcstress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.runners.TestList;
import org.junit.jupiter.api.Test;

/**
 * Runs every jcstress test of this module from {@code target/jcstress.jar}, as the long command
 * does but at the short setting {@link #CI_OPTIONS}, reads the results jcstress writes, and asks
 * that each test ran, without an error, and that a test of the real protocol never showed a
 * forbidden outcome while each {@link WrongVariant} did. jcstress's own exit status cannot say
 * this: it fails whenever any test fails, and the wrong variants must.
 */
class JcstressSuiteIT {
    /**
     * One fork of five 200 ms iterations per test and JVM configuration ({@code -m quick}), on two
     * CPUs, each test compiled as a whole rather than in one compilation mode per actor; the JVM
     * flags given (the C2 randomizers, which vary the compiled code from run to run, as jcstress's
     * own stress configurations do) make the only configuration, which jcstress runs twice, with
     * biased locking on and off. The suite's 15 tests take about two minutes on two shared cores; every
     * wrong variant failed in each of 10 runs.
     */
    static final List<String> CI_OPTIONS = List.of("-m", "quick", "-c", "2", "-sc", "false",
            "-jvmArgs", "-XX:+UnlockDiagnosticVMOptions -XX:+StressLCM -XX:+StressGCM -XX:+StressIGVN");

    private static final long TIMEOUT_MINUTES = 15;

    @Test
    void correctTestsNeverFailAndEveryWrongVariantDoes() throws Exception {
        Path jar = Path.of(System.getProperty("jcstress.jar"));
        Path work = Path.of(System.getProperty("jcstress.work"));
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        Path log = run(jar, work);
        Map<String, Outcomes> results = read(work);

        List<String> problems = new ArrayList<>();
        for (String test : new TreeSet<>(TestList.tests())) {
            boolean wrong = Class.forName(test).isAnnotationPresent(WrongVariant.class);
            Outcomes o = results.get(test);
            if (o == null) {
                problems.add(test + " did not run");
                continue;
            }
            System.out.printf("%-60s %s %,14d samples %,12d forbidden%n",
                    test, wrong ? "wrong  " : "correct", o.samples, o.forbidden);
            if (!o.errors.isEmpty()) {
                problems.add(test + " did not complete: " + o.errors);
            } else if (o.samples == 0) {
                problems.add(test + " produced no samples");
            } else if (!wrong && !o.passed) {
                problems.add(test + " showed a forbidden outcome: " + o.observed);
            } else if (wrong && o.forbidden == 0) {
                problems.add(test + " (a wrong variant) never showed its forbidden outcome: " + o.observed);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\njcstress's output: " + log);
        }
        assertEquals(TestList.tests().size(), results.size(), "results for tests that are not in the jar");
    }

    /** Runs the jar in a fresh {@code work} directory, where jcstress leaves its result file and its reports. */
    private static Path run(Path jar, Path work) throws IOException, InterruptedException {
        deleteRecursively(work);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(CI_OPTIONS);
        command.addAll(List.of("-r", work.resolve("results").toString()));
        Path log = work.resolve("jcstress.log");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("jcstress did not finish in " + TIMEOUT_MINUTES + " minutes; its output: " + log);
        }
        return log;
    }

    /** Every result in the run's result file, summed over forks and configurations per test. */
    private static Map<String, Outcomes> read(Path work) throws Exception {
        Path blob;
        try (Stream<Path> files = Files.list(work)) {
            List<Path> blobs = files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                    .collect(Collectors.toList());
            assertEquals(1, blobs.size(), "jcstress's result files in " + work + ": " + blobs);
            blob = blobs.get(0);
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(blob.toString(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        Map<String, Outcomes> byTest = new TreeMap<>();
        collector.getTestResults().forEach(r -> byTest.computeIfAbsent(r.getName(), n -> new Outcomes()).add(r));
        return byTest;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
