package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The four parts every race test has: random scenarios model-checked ({@link #modelChecking}) and
 * on real threads ({@link #stress}), both here because they are the same for every race; the
 * race's hand-written scenario, which must pass ({@link #passes}), and its wrong variant on that
 * scenario, which must fail ({@link #fails}), written in each race's test. A race test names its
 * tested class and that class's sequential specification in its constructor.
 *
 * <p>Counts come from system properties, so that a user can run the races far longer than CI does:
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
abstract class RaceTest {
    static final int DEFAULT_ITERATIONS = 300;
    static final int DEFAULT_SCENARIOS = 4;
    static final int WRONG_VARIANT_INVOCATIONS = 2000;
    static final int ITERATIONS = Integer.getInteger("races.iterations", DEFAULT_ITERATIONS);
    static final int SCENARIOS = Integer.getInteger("races.scenarios", DEFAULT_SCENARIOS);

    private final Class<?> spec;
    private final Class<?> tested;

    /** {@code tested}'s operations must be linearizable against {@code spec}'s. */
    RaceTest(Class<?> spec, Class<?> tested) {
        this.spec = spec;
        this.tested = tested;
    }

    @Test
    void modelChecking() {
        random(new ModelCheckingOptions()).check(tested);
    }

    @Test
    void stress() {
        random(new StressOptions()).check(tested);
    }

    /** Model checks the tested class on the race's hand-written {@code scenarios} only. */
    void passes(ExecutionScenario... scenarios) {
        handWritten(ITERATIONS, scenarios).check(tested);
    }

    /**
     * Checks the wrong variant {@code wrong} on {@code scenario} and asserts that Lincheck finds a
     * failure whose report contains one of {@code expected} (such as {@code "Invalid execution
     * results"}): a broken rule may show first as a wrong result or as a broken invariant.
     * The report is kept in {@code target/lincheck-failures/<name>.txt}, where docs/testing.md's example
     * comes from.
     */
    void fails(String name, Class<?> wrong, ExecutionScenario scenario, String... expected) {
        try {
            handWritten(WRONG_VARIANT_INVOCATIONS, scenario).check(wrong);
        } catch (LincheckAssertionError e) {
            String report = e.getMessage();
            keep(name, report);
            assertTrue(java.util.Arrays.stream(expected).anyMatch(report::contains), () -> name
                    + ": Lincheck failed, but not with any of " + java.util.Arrays.toString(expected) + ":\n" + report);
            return;
        }
        fail(name + ": Lincheck found no failing interleaving of the wrong variant");
    }

    /** A hand-written scenario: one list of actors per thread, with optional ones before and after. */
    static ExecutionScenario scenario(List<Actor> before, List<List<Actor>> threads, List<Actor> after) {
        return new ExecutionScenario(before, threads, after, null);
    }

    /**
     * The tested class's operation {@code name} with fixed arguments. A wrong variant runs the same
     * actors: it extends the tested class and overrides a step inside an operation, not an operation.
     */
    Actor actor(String name, Object... args) {
        for (Method m : tested.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, new ArrayList<>(Arrays.asList(args)));
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length + " in " + tested.getName());
    }

    /**
     * Structures that only the holder of a lock touches: the guest kernel's, under its kernel lock
     * ({@code Vcpus}), and the host's, under the host lock ({@code FrameSync}). A thread switch
     * inside one of their methods can show nothing, since every other thread that would touch the
     * structure waits for the lock; the model checker treats their methods as atomic and spends its
     * interleavings on the protocol (the frame table, the frame words, the preemption points).
     */
    private static final String[] UNDER_A_LOCK = {
        "org.cmmalab.guestmm.MemMap", "org.cmmalab.guestmm.PageLists", "org.cmmalab.guestmm.PageIndex",
        "org.cmmalab.guestmm.BuddyAllocator", "org.cmmalab.guestmm.Lru", "org.cmmalab.guestmm.GuestCounters",
        "org.cmmalab.guestmm.Epochs", "org.cmmalab.guestmm.AddressSpace", "org.cmmalab.guestmm.Inode",
        "org.cmmalab.guestmm.ContentToken", "org.cmmalab.guestmm.LostPages", "org.cmmalab.guestmm.Watermarks",
        "org.cmmalab.hostpager.HostMemMap", "org.cmmalab.hostpager.Gmap", "org.cmmalab.hostpager.HostCounters",
        "org.cmmalab.hostpager.device.PagingDevice",
        "org.cmmalab.hostpager.replacement.LruPolicy", "org.cmmalab.hostpager.replacement.UnitKey",
    };

    private static ModelCheckingOptions structuresAtomic(ModelCheckingOptions options) {
        return options.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(UNDER_A_LOCK).allMethods().treatAsAtomic());
    }

    private <O extends Options<O, ?>> O random(O options) {
        if (options instanceof ModelCheckingOptions m) {
            structuresAtomic(m);
        }
        return options.iterations(SCENARIOS)
                .invocationsPerIteration(ITERATIONS)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(spec);
    }

    private ModelCheckingOptions handWritten(int invocations, ExecutionScenario... scenarios) {
        ModelCheckingOptions options = structuresAtomic(new ModelCheckingOptions()).iterations(0)
                .invocationsPerIteration(invocations).sequentialSpecification(spec);
        for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
        }
        return options;
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
