package org.cmmalab.discardfault;

import java.util.List;
import java.util.function.UnaryOperator;
import org.cmmalab.guestmm.GracePeriods;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 3 (docs/state-model.md section 6): a discard fault on one vCPU while another frees or reuses the page. A
 * vCPU loading through a mapping reads the page's frame number, then loads; the frame may be
 * discarded, dropped by another vCPU and freed before the load, or before the discard-fault
 * handler, which knows only the frame number, looks up whose it is. A frame that left the page
 * cache is not reused until every vCPU that might still fault on it has passed a quiescent point
 * (guest-mm's {@code RetiredFrames}).
 *
 * <p>Property, on the guest kernel's page cache and its deferred frame reuse: no lost page and
 * no page read or dropped through a frame that now holds another page (mapped loads, reads and
 * writes linearizable against {@link FileModel}), no illegal state, and every frame accounted for
 * exactly once at rest.
 */
class Race3DiscardFaultVsReuseTest extends RaceTest {

    /** Random scenarios of {@link Cache}'s operations, model-checked and stressed by {@link RaceTest}. */
    Race3DiscardFaultVsReuseTest() {
        super(FileModel.class, Cache.class);
    }

    @Test
    void mappedLoadAgainstEvictionAndReuse() {
        passes(theRace());
    }

    /**
     * Frames freed the moment they leave the cache: the mapped load, or its late discard-fault
     * handler, lands on the frame after it was given to page 1, and sees page 1's content as page
     * 0's, or drops page 1 with its write.
     */
    @Test
    void immediateReuseMixesUpPages() {
        fails("race3-immediate-reuse", ImmediateReuse.class, theRace(), "Invalid execution results");
    }

    /**
     * Page 0 cached and volatile in frame 0: vCPU 0 loads it through a mapping; vCPU 1 evicts it and
     * writes page 1 (which needs a frame); the host reclaims frame 0.
     */
    ExecutionScenario theRace() {
        return scenario(
                List.of(actor("read", 3, 0)),
                List.of(List.of(actor("touchMapped", 0, 0)),
                        List.of(actor("evict", 1, 0), actor("write", 1, 1)),
                        List.of(actor("reclaim", 0))),
                List.of(actor("read", 4, 1), actor("touchMapped", 4, 0)));
    }

    /** {@link CacheMachine}'s read, write and host reclaim, and loads through a mapping and eviction. */
    public static class Cache extends CacheMachine {
        public Cache() {
        }

        Cache(UnaryOperator<GracePeriods> periods) {
            super(space -> space, UnaryOperator.identity(), periods);
        }

        @Operation
        public String touchMapped(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
            return doTouchMapped(vcpu, page);
        }

        @Operation
        public void evict(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
            doEvict(vcpu, page);
        }

        @Validate
        public void atRest() {
            checkAtRest();
        }
    }

    /** The wrong variant: no grace period. */
    public static class ImmediateReuse extends Cache {
        public ImmediateReuse() {
            super(NoGracePeriod::new);
        }
    }

    /** Grace periods that have always elapsed: a frame is reused the moment it leaves the page cache, whoever might still hold its number. */
    static final class NoGracePeriod implements GracePeriods {
        private final GracePeriods periods;

        NoGracePeriod(GracePeriods periods) {
            this.periods = periods;
        }

        @Override
        public void enter(int vcpu) {
            periods.enter(vcpu);
        }

        @Override
        public void exit(int vcpu) {
            periods.exit(vcpu);
        }

        @Override
        public void quiescent(int vcpu) {
            periods.quiescent(vcpu);
        }

        @Override
        public long retire(int vcpu) {
            return periods.retire(vcpu);
        }

        @Override
        public boolean elapsed(long stamp, int by) {
            return true;
        }
    }
}
