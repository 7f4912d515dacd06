package org.cmmalab.harness.experiment.migration;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.cmmalab.guestmm.freepagehint.FreePageHint;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.scenario.MigrationSpec;
import org.cmmalab.hostpager.migration.MigrationSource;
import org.cmmalab.hostpager.migration.MigrationTarget;
import org.cmmalab.pagestates.UsageState;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * A pre-copy live migration of one guest, driven on the machine's virtual clock while the guest
 * runs its workload: QEMU's RAM migration ({@code migration/ram.c}, {@code migration/migration.c}).
 *
 * <ol>
 *   <li><b>Setup</b> ({@code ram_save_setup}): dirty logging starts ({@link MigrationSource}), the
 *       migration bitmap holds every frame, one bitmap sync. With free page hints the guest's
 *       driver is asked for hints ({@link FreePageHint#start}); each hinted block that arrives
 *       before the walk reaches it is cleared from the bitmap ({@code qemu_guest_free_page_hint}),
 *       until the next sync stops hinting ({@code PRECOPY_NOTIFY_BEFORE_BITMAP_SYNC}). With CMMA
 *       every storage attribute is sent ({@code s390-storage-attributes}).</li>
 *   <li><b>Rounds</b>: the thread walks the bitmap, clearing each bit and sending the frame: it
 *       reads the page, and sends a zero page as an 8-byte header and one byte
 *       ({@code RAM_SAVE_FLAG_ZERO}), any other page as the header and 4 KiB. With CMMA a frame
 *       whose attribute says unused or no content is not read and not sent. After each step of
 *       the thread ({@value #SLICE_NANOS} ns of its time) it checks what is left, as
 *       {@code migration_iteration_run} does: if the bitmap's pages are fewer bytes than the
 *       threshold ({@link MigrationStream}), it syncs (the guest's stores since the last sync join the
 *       bitmap; with CMMA the changed attributes are sent) and looks again. Still below: stop and
 *       copy. Otherwise a new round walks the bitmap from the start.</li>
 *   <li><b>Stop and copy</b> ({@code migration_completion}): the guest's vCPU stops, a last sync,
 *       every frame left in the bitmap and every changed attribute is sent; the downtime is from
 *       the stop until the link has sent the last byte. Then the destination's memory is checked
 *       against the source's, frame by frame, for every frame that holds a page of the guest; the
 *       free page hint driver gets "done" and gives its blocks back.</li>
 * </ol>
 *
 * Costs are the scenario's ({@link MigrationSpec}); device state and the destination's own work
 * are not modelled.
 */
public final class PreCopy {
    /** How far the migration thread runs between looks at the guest (its resolution on the clock). */
    static final long SLICE_NANOS = 1_000_000L;
    static final int PAGE_BYTES = 4096;
    /** {@code save_page_header}: the page's offset and flags in one big-endian 64-bit word. */
    static final int HEADER_BYTES = 8;
    /** {@code save_zero_page}: the header and one byte, the value every byte of the page has. */
    static final int ZERO_PAGE_BYTES = HEADER_BYTES + 1;
    /** s390-stattrib sends attributes in blocks of up to 512 KiB of values ({@code CMMA_BLOCK_SIZE}). */
    static final int ATTRIBUTE_BLOCK = 512 * 1024;
    /** Per attribute block: its start address and its length, one 64-bit word each. */
    static final int ATTRIBUTE_BLOCK_HEADER = 16;

    private final MigrationSpec spec;
    private final RunContext run;
    private final GuestHandle vm;
    private final boolean attributes;
    private final boolean hints;
    private final int frames;
    private final BitSet bitmap;
    private final BitSet changed = new BitSet();
    private final IntArrayList hintedBlocks = new IntArrayList();
    private final LongArrayList hintArrivals = new LongArrayList();
    private MigrationSource source;
    private MigrationTarget target;
    private FreePageHint driver;
    private MigrationStream stream;
    private boolean hintsOpen;
    private int nextHint;
    private int cursor;
    private long startNanos;
    private long readsAtStart;
    private long rounds = 1;
    private long pagesSent;
    private long zeroPages;
    private long skippedHinted;
    private long skippedUnused;
    private long skippedDiscarded;
    private long skippedZero;
    private long attributeBytes;
    private long hintNanos;
    private MigrationResult result;

    /**
     * A migration of {@code vm} in {@code run}. {@code attributes}: storage attributes are
     * migrated and frames they say hold nothing are not sent (CMMA). {@code hints}: the guest runs
     * the free page hint driver.
     */
    private PreCopy(MigrationSpec spec, RunContext run, GuestHandle vm, boolean attributes, boolean hints) {
        this.spec = spec;
        this.run = run;
        this.vm = vm;
        this.attributes = attributes;
        this.hints = hints;
        this.frames = vm.frames();
        this.bitmap = new BitSet(frames);
    }

    /** Schedules the migration of every guest of {@code run} at the scenario's start time. */
    public static List<PreCopy> schedule(RunContext run, MigrationSpec spec, Policy policy) {
        List<PreCopy> all = new ArrayList<>();
        for (GuestHandle vm : run.guests()) {
            PreCopy m = new PreCopy(spec, run, vm, policy.guestHints(), policy.freePageHints());
            run.at(spec.startNanos(), m::start);
            all.add(m);
        }
        return all;
    }

    /** What each migration measured; one that had not completed by the end of the run says so. */
    public static List<MigrationResult> results(List<PreCopy> migrations) {
        List<MigrationResult> out = new ArrayList<>();
        for (PreCopy m : migrations) {
            out.add(m.result != null ? m.result : m.incomplete());
        }
        return out;
    }

    /** Setup at {@code now}. */
    private void start(long now) {
        startNanos = now;
        readsAtStart = vm.kernel().counters().diskReads();
        stream = new MigrationStream(spec, now);
        source = MigrationSource.start(vm.space());
        target = new MigrationTarget(frames);
        bitmap.set(0, frames);
        stream.cpu(spec.syncNanosPerPage() * frames);
        source.syncContent(bitmap);
        if (attributes) {
            sendAttributes();
        }
        if (hints) {
            startHints(now);
        }
        run.at(stream.thread(), this::slice);
    }

    private void startHints(long now) {
        driver = new FreePageHint(vm.kernel());
        vm.driverWork(now, 0, () -> driver.start(block -> {
            hintedBlocks.add(block);
            hintArrivals.add(now + (long) hintedBlocks.size() * spec.hintNanosPerBlock());
        }));
        hintNanos = (long) hintedBlocks.size() * spec.hintNanosPerBlock();
        vm.delay(hintNanos);
        vm.chargeDriver(hintNanos);
        hintsOpen = true;
    }

    private void slice(long now) {
        long end = stream.thread() + SLICE_NANOS;
        while (stream.thread() < end) {
            applyHints();
            int f = nextDirty();
            if (f < 0) {
                break;
            }
            send(f);
        }
        stream.updateEstimate();
        double threshold = stream.thresholdBytes();
        if (pendingBytes() < threshold) {
            sync();
            if (pendingBytes() >= threshold) {
                rounds++; // the walk goes on from where it is, as QEMU's does, and wraps
            }
        }
        if (pendingBytes() == 0 || pendingBytes() < threshold) {
            complete();
            return;
        }
        run.at(Math.max(now + 1, stream.thread()), this::slice);
    }

    private long pendingBytes() {
        return (long) bitmap.cardinality() * PAGE_BYTES;
    }

    /** The next frame of the bitmap from the cursor on, wrapping once; -1 if none is left. */
    private int nextDirty() {
        int f = bitmap.nextSetBit(cursor);
        if (f < 0 && cursor > 0) {
            f = bitmap.nextSetBit(0);
        }
        return f;
    }

    /** Hinted blocks that reached the host by now leave the bitmap; those the walk has passed were sent already. */
    private void applyHints() {
        while (hintsOpen && nextHint < hintedBlocks.size() && hintArrivals.get(nextHint) <= stream.thread()) {
            int head = hintedBlocks.get(nextHint++);
            int end = Math.min(frames, head + (1 << FreePageHint.ORDER));
            int before = bitmap.get(head, end).cardinality();
            bitmap.clear(head, end);
            skippedHinted += before;
        }
    }

    private void send(int f) {
        bitmap.clear(f);
        cursor = f + 1;
        if (attributes) {
            int attribute = source.attribute(f);
            if (!MigrationSource.needsContent(attribute)) {
                countSkip(attribute);
                return;
            }
        }
        stream.cpu(spec.scanNanosPerPage());
        long token = source.content(f);
        target.receivePage(f, token);
        if (token == 0) {
            zeroPages++;
            stream.send(ZERO_PAGE_BYTES);
        } else {
            pagesSent++;
            stream.send(HEADER_BYTES + PAGE_BYTES);
        }
    }

    private void countSkip(int attribute) {
        UsageState usage = MigrationSource.usage(attribute);
        if (usage == UsageState.UNUSED) {
            skippedUnused++;
        } else if (usage == UsageState.STABLE) {
            skippedZero++;
        } else {
            skippedDiscarded++;
        }
    }

    /** A dirty bitmap sync: the guest's stores join the bitmap, changed attributes go out, hinting stops. */
    private void sync() {
        stream.cpu(spec.syncNanosPerPage() * frames);
        source.syncContent(bitmap);
        if (attributes) {
            sendAttributes();
        }
        hintsOpen = false;
    }

    private void sendAttributes() {
        int n = source.syncAttributes(changed);
        stream.cpu(spec.attributeNanosPerPage() * n);
        for (int f = changed.nextSetBit(0); f >= 0; f = changed.nextSetBit(f + 1)) {
            target.receiveAttribute(f, source.attribute(f));
        }
        long bytes = n + (long) (n + ATTRIBUTE_BLOCK - 1) / ATTRIBUTE_BLOCK * ATTRIBUTE_BLOCK_HEADER;
        stream.send(bytes);
        attributeBytes += bytes;
    }

    private void complete() {
        long stop = stream.thread();
        sync();
        for (int f = nextDirty(); f >= 0; f = nextDirty()) {
            send(f);
        }
        rounds++;
        long end = stream.end();
        long lost = MigratedMemory.lostPages(vm.kernel(), source, target, attributes);
        source.stop();
        long paused = vm.driverWork(stop, end - stop, () -> { });
        if (driver != null) {
            run.at(end, t -> vm.driverWork(t, 0, driver::done));
        }
        result = new MigrationResult(vm.name(), true, (end - startNanos) / 1e6, (end - stop) / 1e6, rounds, pagesSent,
                zeroPages, skippedHinted, skippedUnused, skippedDiscarded, skippedZero, stream.bytes(), attributeBytes,
                paused / 1e6, hintNanos / 1e6, vm.kernel().counters().diskReads() - readsAtStart, lost);
    }

    private MigrationResult incomplete() {
        boolean started = stream != null;
        return new MigrationResult(vm.name(), false, Double.NaN, Double.NaN, started ? rounds : 0, pagesSent, zeroPages,
                skippedHinted, skippedUnused, skippedDiscarded, skippedZero, started ? stream.bytes() : 0, attributeBytes,
                0, hintNanos / 1e6, started ? vm.kernel().counters().diskReads() - readsAtStart : 0, 0);
    }
}
