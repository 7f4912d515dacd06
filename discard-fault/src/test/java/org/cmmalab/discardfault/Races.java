package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * How the race tests run Lincheck, with counts from system properties so that a user can run them
 * far longer than CI does:
 * <ul>
 *   <li>{@code races.iterations}: invocations per scenario, that is interleavings explored in
 *       model-checking mode and runs in stress mode (default {@value #DEFAULT_ITERATIONS});</li>
 *   <li>{@code races.scenarios}: random scenarios per test (default {@value #DEFAULT_SCENARIOS}).</li>
 * </ul>
 * Random scenarios have three threads (two vCPUs and the host, or three vCPUs where an operation
 * is the host's only), two operations each, one before and one after. A wrong variant is checked
 * on its race's hand-written scenario only, with at least {@value #WRONG_VARIANT_INVOCATIONS}
 * invocations: Lincheck stops at the first failing interleaving, so a failure costs little.
 */
final class Races {
    static final int DEFAULT_ITERATIONS = 300;
    static final int DEFAULT_SCENARIOS = 4;
    static final int WRONG_VARIANT_INVOCATIONS = 2000;
    static final int ITERATIONS = Integer.getInteger("races.iterations", DEFAULT_ITERATIONS);
    static final int SCENARIOS = Integer.getInteger("races.scenarios", DEFAULT_SCENARIOS);

    private Races() {
    }

    /** Model checking of random scenarios against {@code spec}. */
    static ModelCheckingOptions modelChecking(Class<?> spec) {
        return random(new ModelCheckingOptions(), spec);
    }

    /** Stress (real threads) on random scenarios against {@code spec}. */
    static StressOptions stress(Class<?> spec) {
        return random(new StressOptions(), spec);
    }

    /** Model checking of the hand-written {@code scenarios} only. */
    static ModelCheckingOptions scenarios(Class<?> spec, int invocations, ExecutionScenario... scenarios) {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(invocations)
                .sequentialSpecification(spec);
        for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
        }
        return options;
    }

    /**
     * Checks {@code wrong} on {@code options} and asserts that Lincheck finds a failure whose report
     * contains {@code expected} (such as {@code "Invalid execution results"}). The report is kept in
     * {@code target/lincheck-failures/<name>.txt}, where the README's example comes from. Returns it.
     */
    static String findsFailure(String name, ModelCheckingOptions options, Class<?> wrong, String expected) {
        try {
            options.check(wrong);
        } catch (LincheckAssertionError e) {
            String report = e.getMessage();
            keep(name, report);
            assertTrue(report.contains(expected), () -> name + ": Lincheck failed, but not with '" + expected
                    + "':\n" + report);
            return report;
        }
        return fail(name + ": Lincheck found no failing interleaving of the wrong variant");
    }

    /** A hand-written scenario: one list of actors per thread, with optional ones before and after. */
    static ExecutionScenario scenario(List<Actor> before, List<List<Actor>> threads, List<Actor> after) {
        return new ExecutionScenario(before, threads, after, null);
    }

    /** An operation of {@code type} with fixed arguments. */
    static Actor actor(Class<?> type, String name, Object... args) {
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, new ArrayList<>(Arrays.asList(args)));
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length + " in " + type.getName());
    }

    private static <O extends Options<O, ?>> O random(O options, Class<?> spec) {
        return options.iterations(SCENARIOS)
                .invocationsPerIteration(ITERATIONS)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(spec);
    }

    private static void keep(String name, String report) {
        try {
            Path dir = Path.of("target", "lincheck-failures");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
