package org.cmmalab.discardfault;

import org.cmmalab.guestmm.GuestHinting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.ForwardingGuestMemory;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.ReclaimMode;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Generated properties at the machine level: random sequences of operations on three guests'
 * kernels (reads, writes, mapped loads and stores, anonymous loads and stores, malloc and free,
 * write-back) interleaved with host reclaim (balancing to all-free, whose write-outs land at the
 * next balance, so that the operations between run during them, races 4 and 5; and the direct
 * reclaim that a host short of frames does on every fault), run single-threaded on the real stack
 * ({@link Host}, {@link HostedGuest}), and replayed against {@link Contents}, a plain model of
 * what every file page and anonymous page holds. Every token a guest sees or writes must be the
 * model's, and no guest may count a lost page. On failure, QuickTheories shrinks the sequence: each
 * operation it does not need becomes one that does nothing, and the sequence is printed without
 * those, such as {@code [g0 mapped load f0 p0, host balance, g0 mapped load f0 p0]}.
 *
 * <p>Examples per property: {@code -Draces.examples=N} (default {@value #DEFAULT_EXAMPLES}); a fixed
 * seed to replay a failure: {@code -Draces.seed=S}.
 */
class MachinePropertiesTest {
    static final int DEFAULT_EXAMPLES = 200;
    /** Shrink attempts once a property has failed: each replays a machine, a few milliseconds. */
    static final int SHRINK_CYCLES = 3000;
    static final int EXAMPLES = Integer.getInteger("races.examples", DEFAULT_EXAMPLES);
    static final int GUESTS = 3;
    static final int GUEST_FRAMES = 512;
    /** Fewer host frames than the guests touch, so that the host reclaims on demand too. */
    static final int HOST_FRAMES = 96;
    static final int FILES = 2;
    static final int FILE_PAGES = 16;
    static final int REGIONS = 2;
    static final long SECOND = 1_000_000_000L;

    @Test
    void zvmHostLosesNothing() {
        property(HostMode.ZVM, null);
    }

    @Test
    void kvmHostLosesNothing() {
        property(HostMode.KVM, null);
    }

    /**
     * The property has teeth: a host that serves a discarded frame as zeros instead of delivering
     * the discard fault fails it, and QuickTheories shrinks the failure to a mapped load, a host
     * reclaim and the same mapped load again, or, for some seeds, that and one redundant operation
     * its shrinker does not remove (seed 1: a host balance before them).
     */
    @Test
    void zerosForADiscardFaultFailsAndShrinks() {
        AssertionError e = assertThrows(AssertionError.class, () -> property(HostMode.ZVM, ZerosForDiscardFaults::new));
        Matcher m = Pattern.compile("Smallest found falsifying value\\(s\\) :-\\s*\\[(.*?)]\\s*Cause", Pattern.DOTALL)
                .matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        String[] ops = m.group(1).split(", ");
        assertTrue(ops.length <= 4, "shrunk to " + ops.length + " operations: " + m.group(1));
        assertTrue(m.group(1).contains("mapped load") && m.group(1).contains("host balance"), m.group(1));
        System.out.println("the wrong host's smallest failing sequence: [" + m.group(1) + "]");
    }

    /** Runs the property; {@code wrap}, if not null, stands between each guest kernel and the host. */
    private static void property(HostMode mode, UnaryOperator<GuestMemory> wrap) {
        QuickTheory qt = qt().withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES);
        Long seed = Long.getLong("races.seed");
        if (seed != null) {
            qt = qt.withFixedSeed(seed);
        }
        long[] seen = new long[4];
        qt.forAll(lists().of(op()).ofSizeBetween(1, 150).describedAs(MachinePropertiesTest::describe))
                .checkAssert(ops -> new Machine(mode, wrap).run(ops, seen));
        System.out.printf("%s: discards observed by make-stable %d, discard faults %d, host discards %d,"
                + " host page-outs %d%n", mode.id(), seen[0], seen[1], seen[2], seen[3]);
    }

    /** A sequence as QuickTheories prints it: its operations, leaving out those that do nothing. */
    static String describe(List<Op> ops) {
        StringBuilder sb = new StringBuilder("[");
        for (Op op : ops) {
            if (op.kind() != Op.NOTHING) {
                sb.append(sb.length() > 1 ? ", " : "").append(op);
            }
        }
        return sb.append(']').toString();
    }

    static Gen<Op> op() {
        return integers().between(0, Op.KINDS - 1)
                .zip(integers().between(0, GUESTS - 1), integers().between(0, 1023), Op::new);
    }

    /** One operation: a kind, a guest, and an argument that picks a file, page, region or size. */
    record Op(int kind, int guest, int arg) {
        // Shrinking moves each kind towards 0: an operation a failure does not need becomes NOTHING,
        // and the kinds failures need most come next.
        static final int NOTHING = 0;
        static final int HOST_BALANCE = 1;
        static final int MAPPED_LOAD = 2;
        static final int READ = 3;
        static final int WRITE = 4;
        static final int MAPPED_STORE = 5;
        static final int ANON_LOAD = 6;
        static final int ANON_STORE = 7;
        static final int MALLOC = 8;
        static final int FREE = 9;
        static final int WRITEBACK = 10;
        static final int KINDS = 11;

        int file() {
            return arg % FILES;
        }

        int page() {
            return arg / FILES % FILE_PAGES;
        }

        @Override
        public String toString() {
            String g = "g" + guest + " ";
            switch (kind) {
                case NOTHING: return "nothing";
                case HOST_BALANCE: return "host balance";
                case MAPPED_LOAD: return g + "mapped load f" + file() + " p" + page();
                case READ: return g + "read f" + file() + " p" + page();
                case WRITE: return g + "write f" + file() + " p" + page();
                case MAPPED_STORE: return g + "mapped store f0 p" + page();
                case ANON_LOAD: return g + "anon load r" + arg % REGIONS + " +" + arg / REGIONS;
                case ANON_STORE: return g + "anon store r" + arg % REGIONS + " +" + arg / REGIONS;
                case MALLOC: return g + "malloc r" + arg % REGIONS + " " + (1 + arg / REGIONS % 16) + " pages";
                case FREE: return g + "free r" + arg % REGIONS;
                default: return g + "writeback after 31 s";
            }
        }
    }

    /** Three guests on one host, each with two files (file 0 mapped writable, file 1 read-only) and one process. */
    static final class Machine {
        private final Host host;
        private final GuestKernel[] kernels = new GuestKernel[GUESTS];
        private final FileMapping[][] mappings = new FileMapping[GUESTS][FILES];
        private final int[] pids = new int[GUESTS];
        private final Contents model = new Contents();
        private final List<Runnable> writesInFlight = new ArrayList<>();
        private long now;

        Machine(HostMode mode, UnaryOperator<GuestMemory> wrap) {
            host = new Host(HostConfig.of(HOST_FRAMES, GUESTS * GUEST_FRAMES).withMode(mode)
                    .withReclaim(ReclaimMode.watermarks(HOST_FRAMES, HOST_FRAMES)));
            for (int g = 0; g < GUESTS; g++) {
                // Each host with its own guest: on KVM the v7 guest would trust a logically-zero
                // frame that still holds a swap slot, and read its stale content.
                KernelConfig config = KernelConfig.of(g, GuestHinting.forHost(mode)).withSwapPages(GUEST_FRAMES);
                GuestKernel kernel;
                if (wrap == null) {
                    kernel = HostedGuest.boot(host, GUEST_FRAMES, config).kernel();
                } else {
                    GuestSpace space = host.attach(g, GUEST_FRAMES);
                    kernel = new GuestKernel(wrap.apply(new FaultDelivery(space)), config);
                }
                kernels[g] = kernel;
                for (int f = 0; f < FILES; f++) {
                    assertEquals(f, kernel.createFile(FILE_PAGES));
                    mappings[g][f] = kernel.map(f, f == 0);
                }
                pids[g] = kernel.createProcess();
            }
        }

        /** Plays {@code ops}, checking each against the model, and adds what they exercised to {@code exercised}. */
        void run(List<Op> ops, long[] exercised) {
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                long expected = model.expect(op);
                long seen = apply(op);
                if (expected != Contents.NOTHING) {
                    assertEquals(Contents.show(expected), Contents.show(seen), "operation " + i + ": " + op);
                }
            }
            for (int g = 0; g < GUESTS; g++) {
                assertEquals(0, kernels[g].counters().lostPages(), "guest " + g + " lost pages: "
                        + kernels[g].lostPages());
                exercised[0] += kernels[g].counters().discardsObserved();
                exercised[1] += kernels[g].counters().discardFaults();
            }
            exercised[2] += host.counters().discards();
            exercised[3] += host.counters().pageOuts();
        }

        private long apply(Op op) {
            GuestKernel k = kernels[op.guest()];
            int r = op.arg() % REGIONS;
            switch (op.kind()) {
                case Op.NOTHING:
                    return Contents.NOTHING;
                case Op.HOST_BALANCE:
                    // The write-outs the last balance started land now: every operation since ran during them.
                    writesInFlight.forEach(Runnable::run);
                    writesInFlight.clear();
                    host.balance((guest, frame, frames, ticket) ->
                            writesInFlight.add(() -> guest.finishWriteOut(frame, ticket)));
                    return Contents.NOTHING;
                case Op.MAPPED_LOAD: return k.touchMapped(mappings[op.guest()][op.file()], op.page(), false, now);
                case Op.READ: return k.read(op.file(), op.page());
                case Op.WRITE: return k.write(op.file(), op.page(), now);
                case Op.MAPPED_STORE: return k.touchMapped(mappings[op.guest()][0], op.page(), true, now);
                case Op.ANON_LOAD: case Op.ANON_STORE:
                    int page = model.anonPage(op);
                    return page < 0 ? Contents.NOTHING : k.touchAnon(pids[op.guest()], page, op.kind() == Op.ANON_STORE);
                case Op.MALLOC:
                    if (model.regionStart(op.guest(), r) < 0) {
                        int pages = 1 + op.arg() / REGIONS % 16;
                        model.mapped(op.guest(), r, k.malloc(pids[op.guest()], pages), pages);
                    }
                    return Contents.NOTHING;
                case Op.FREE:
                    if (model.regionStart(op.guest(), r) >= 0) {
                        k.free(pids[op.guest()], model.regionStart(op.guest(), r));
                        model.unmapped(op.guest(), r);
                    }
                    return Contents.NOTHING;
                default:
                    now += 31 * SECOND;
                    k.writeback(now);
                    return Contents.NOTHING;
            }
        }

        /** The plain model: file page versions, and per region its start, size and page versions (1: zeros). */
        final class Contents {
            static final long NOTHING = Long.MIN_VALUE + 1;
            private final int[][][] files = new int[GUESTS][FILES][FILE_PAGES];
            private final int[][] regionStart = new int[GUESTS][REGIONS];
            private final int[][][] anon = new int[GUESTS][REGIONS][];

            Contents() {
                for (int[] starts : regionStart) {
                    java.util.Arrays.fill(starts, -1);
                }
            }

            /** The token the operation must return, or NOTHING; updates the model for a store. */
            long expect(Op op) {
                int g = op.guest();
                switch (op.kind()) {
                    case Op.READ: case Op.MAPPED_LOAD:
                        return ContentToken.file(g, op.file(), op.page(), files[g][op.file()][op.page()]);
                    case Op.WRITE:
                        return ContentToken.file(g, op.file(), op.page(), ++files[g][op.file()][op.page()]);
                    case Op.MAPPED_STORE:
                        return ContentToken.file(g, 0, op.page(), ++files[g][0][op.page()]);
                    case Op.ANON_LOAD: case Op.ANON_STORE:
                        int r = op.arg() % REGIONS;
                        if (anon[g][r] == null) {
                            return NOTHING;
                        }
                        int i = op.arg() / REGIONS % anon[g][r].length;
                        int version = op.kind() == Op.ANON_STORE ? ++anon[g][r][i] : anon[g][r][i];
                        return version <= 1 ? ContentToken.ZERO : ContentToken.anon(g, pids[g], regionStart[g][r] + i, version);
                    default:
                        return NOTHING;
                }
            }

            int anonPage(Op op) {
                int r = op.arg() % REGIONS;
                int[] versions = anon[op.guest()][r];
                return versions == null ? -1 : regionStart[op.guest()][r] + op.arg() / REGIONS % versions.length;
            }

            int regionStart(int g, int r) {
                return regionStart[g][r];
            }

            void mapped(int g, int r, int start, int pages) {
                regionStart[g][r] = start;
                anon[g][r] = new int[pages];
                java.util.Arrays.fill(anon[g][r], 1);
            }

            void unmapped(int g, int r) {
                regionStart[g][r] = -1;
                anon[g][r] = null;
            }

            static String show(long token) {
                return token == ContentToken.ZERO ? "zeros" : Long.toHexString(token);
            }
        }
    }

    /** The wrong variant: a host whose loads of a discarded frame return zeros, with no discard fault. */
    static final class ZerosForDiscardFaults extends ForwardingGuestMemory {
        ZerosForDiscardFaults(GuestMemory memory) {
            super(memory);
        }

        @Override
        public long load(int frame) {
            long token = delegate().load(frame);
            return token == DISCARD_FAULT ? ContentToken.ZERO : token;
        }
    }
}
