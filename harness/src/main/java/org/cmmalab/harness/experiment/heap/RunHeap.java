package org.cmmalab.harness.experiment.heap;

import java.util.List;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.sim.Machine;

/**
 * The heap a run may need at most, in MiB: the one rule by which a density search admits its runs
 * ({@code DensitySearch}) and by which a planned study's task asks a cluster for memory
 * ({@code StudyPlan}, {@code deploy/}). Every run costs, per frame:
 * <ul>
 *   <li>per host frame, whether used or not: its {@code HostMemMap} entries and the replacement
 *       policy's links, {@value #HOST_FRAME_BYTES} bytes;</li>
 *   <li>per guest frame in use: the sparse descriptors, page index and gmap entry,
 *       {@value #GUEST_FRAME_BYTES} bytes (no paging-device chunk: one is made only on a
 *       page-out);</li>
 *   <li>per guest: its frame table, at most {@value #TABLE_BYTES_PER_FRAME} bytes a frame (dense);</li>
 *   <li>the policy's own ({@link MechanismHeap}).</li>
 * </ul>
 * A density run is measured at the answer of {@code density.yaml}, where 49 to 58 bytes per host
 * frame were measured beside the frame tables: its guests' memory in use is what they had resident
 * at the run's peak (the host never pages at the answer), as earlier runs of the search measured it
 * ({@link Footprint}), with a quarter more.
 *
 * <p>A comparison run is not measured before it runs, and it differs from a density run at its
 * answer in two ways: its host pages, so every guest frame may be in use while the host holds only
 * some (the descriptors stay, and a paging-device chunk is made for what goes out), and its
 * workloads fill page caches, which add the guest's page-cache bookkeeping (about 22.5 bytes per
 * frame in all with the memory full of page cache, docs/model.md). So it is counted with every
 * guest frame in use, {@value #PAGE_CACHE_BYTES} bytes more each, its frame tables dense, and
 * {@value #GUEST_BYTES} bytes per guest for what does not scale with its memory (its workload's
 * files and directories, its latency histogram); then half as much again: the most a shipped
 * comparison's run was measured to hold beyond that sum is a third (cold-cache, whose DAMON_RECLAIM
 * and free page reporting guests hold 115 MiB live where the sum is 86). {@code RunHeapTest}
 * measures the live heap of the shipped comparison scenarios' runs against it.
 *
 * <p>A task of a planned study is given {@link #taskHeapMiB} of its estimate: the JVM's own heap
 * added, rounded up to a power of two, so that a study's tasks fall into few heap classes (one
 * array job each on Slurm).
 */
public final class RunHeap {
    static final int HOST_FRAME_BYTES = 24;
    static final int GUEST_FRAME_BYTES = 32;
    static final int TABLE_BYTES_PER_FRAME = 2;
    static final int PAGE_CACHE_BYTES = 24;
    static final int GUEST_BYTES = 1 << 20;
    /** The heap the JVM of {@code cmma run} holds apart from the run: classes' statics, the plan's document, the result. */
    static final int JVM_MIB = 64;
    /** The smallest heap a task is given. */
    static final int MIN_TASK_MIB = 256;

    private RunHeap() {
    }

    /**
     * What one guest of a run costs the heap beyond the host's own arrays: its frame table's
     * bytes, and the guest frames it had resident at the run's peak. A guest touches about the
     * same frames whatever the count, so the most a run of the policy has measured stands for
     * every later count ({@link #max}); until one has, {@link #unmeasured}.
     */
    public record Footprint(long tableBytes, long residentFrames) {
        public Footprint max(Footprint o) {
            return new Footprint(Math.max(tableBytes, o.tableBytes), Math.max(residentFrames, o.residentFrames));
        }

        /**
         * A guest's footprint until a run has measured it: every frame resident and its frame table
         * dense (a hinting guest makes every frame unused at boot).
         */
        public static Footprint unmeasured(Scenario scenario) {
            long frames = (long) scenario.guests().get(0).memoryMiB() * Machine.FRAMES_PER_MIB;
            return new Footprint(frames * TABLE_BYTES_PER_FRAME, frames);
        }
    }

    /**
     * A density search's run of {@code guests} guests of {@code scenario} on {@code hostFrames}
     * frames, each costing {@code perGuest}, under a policy with {@code mechanisms}.
     */
    public static long densityRunMiB(Scenario scenario, long hostFrames, int guests, List<Mechanism> mechanisms,
                                     Footprint perGuest) {
        long guestFrames = scenario.withGuestCount(guests).guestFrames();
        long resident = Math.min(hostFrames, guests * perGuest.residentFrames() * 5 / 4);
        return (hostFrames * HOST_FRAME_BYTES + resident * GUEST_FRAME_BYTES + guests * perGuest.tableBytes() * 5 / 4
                + MechanismHeap.bytes(mechanisms, resident, guestFrames)) >> 20;
    }

    /** A comparison's run of {@code scenario} at {@code overcommit}, under a policy with {@code mechanisms}. */
    public static long comparisonRunMiB(Scenario scenario, double overcommit, List<Mechanism> mechanisms) {
        long hostFrames = Machine.hostFrames(scenario, overcommit);
        long guestFrames = scenario.guestFrames();
        long bytes = hostFrames * HOST_FRAME_BYTES
                + guestFrames * (GUEST_FRAME_BYTES + PAGE_CACHE_BYTES + TABLE_BYTES_PER_FRAME)
                + (long) scenario.guestCount() * GUEST_BYTES
                + MechanismHeap.bytes(mechanisms, Math.min(hostFrames, guestFrames), guestFrames);
        return (bytes * 3 / 2) >> 20;
    }

    /** The heap to give the JVM of a task whose run (or runs at once) need {@code estimateMiB}. */
    public static int taskHeapMiB(long estimateMiB) {
        long need = Math.max(MIN_TASK_MIB, estimateMiB + JVM_MIB);
        return (int) Math.min(1L << 30, Long.highestOneBit(need - 1) << 1);
    }
}
