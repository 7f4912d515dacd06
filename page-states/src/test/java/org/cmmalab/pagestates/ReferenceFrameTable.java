package org.cmmalab.pagestates;

/**
 * The oracle of {@link FrameTablePropertyTest}: a plain sequential frame table written from
 * docs/state-model.md (zvm) and from the Linux 6.12 source (kvm: the functions
 * {@link KvmStateModelTest} names). It does not call {@link StateModel} or
 * {@link TransitionTables}: it keeps each frame as letters and booleans and applies those rules
 * (and the host-flag rules of the FrameState and FrameOp javadoc) to them. It borrows only the bit layout, through
 * {@link Words}, to print a word the way the table's results are printed.
 *
 * <p>Frames inside a merged run are represented by the run's first frame, which holds the large
 * frame's state; split copies it out again. Every operation returns its outcome as text: a word,
 * a boolean, "done", or the simple name of the exception {@link FrameTable} throws.
 */
final class ReferenceFrameTable implements FrameTablePropertyTest.Frames {
    private static final String IOOBE = "IndexOutOfBoundsException";
    private static final String ISE = "IllegalStateException";

    private final HostMode mode;
    private final int perLarge;
    private final Frame[] frames;
    private final boolean[] merged;

    ReferenceFrameTable(int frames, HostMode mode, int perLarge) {
        this.mode = mode;
        this.perLarge = perLarge;
        this.frames = new Frame[frames];
        for (int i = 0; i < frames; i++) {
            this.frames[i] = new Frame(mode);
        }
        this.merged = new boolean[frames / perLarge];
    }

    @Override
    public String essa(int frame, Orc orc) {
        String refused = refuseSmall(frame);
        if (refused != null) {
            return refused;
        }
        String old = frames[frame].show();
        frames[frame].essa(orc, mode);
        return old;
    }

    @Override
    public String apply(int frame, FrameOp op) {
        String refused = refuseSmall(frame);
        if (refused != null) {
            return refused;
        }
        String old = frames[frame].show();
        frames[frame].host(op, mode);
        return old;
    }

    @Override
    public String state(int frame) {
        if (frame < 0 || frame >= frames.length) {
            return IOOBE;
        }
        return holder(frame).show();
    }

    @Override
    public String essaLarge(int large, Orc orc) {
        String refused = refuseLarge(large);
        if (refused != null) {
            return refused;
        }
        Frame f = frames[large * perLarge];
        String old = f.show();
        f.essa(orc, mode);
        return old;
    }

    @Override
    public String applyLarge(int large, FrameOp op) {
        String refused = refuseLarge(large);
        if (refused != null) {
            return refused;
        }
        Frame f = frames[large * perLarge];
        String old = f.show();
        f.host(op, mode);
        return old;
    }

    /** Merges only if every frame of the run is in the same state, flags included. */
    @Override
    public String merge(int large) {
        if (large < 0 || large >= merged.length) {
            return IOOBE;
        }
        if (merged[large]) {
            return ISE;
        }
        String first = frames[large * perLarge].show();
        for (int f = large * perLarge + 1; f < (large + 1) * perLarge; f++) {
            if (!frames[f].show().equals(first)) {
                return "false";
            }
        }
        merged[large] = true;
        return "true";
    }

    /** Every small frame gets the large frame's state. */
    @Override
    public String split(int large) {
        String refused = refuseLarge(large);
        if (refused != null) {
            return refused;
        }
        Frame base = frames[large * perLarge];
        for (int f = large * perLarge + 1; f < (large + 1) * perLarge; f++) {
            frames[f] = base.copy();
        }
        merged[large] = false;
        return "done";
    }

    @Override
    public String stateLarge(int large) {
        String refused = refuseLarge(large);
        return refused != null ? refused : frames[large * perLarge].show();
    }

    @Override
    public String isLarge(int large) {
        if (large < 0 || large >= merged.length) {
            return IOOBE;
        }
        return String.valueOf(merged[large]);
    }

    private Frame holder(int frame) {
        int large = frame / perLarge;
        return large < merged.length && merged[large] ? frames[large * perLarge] : frames[frame];
    }

    /** A small-frame operation: bounds first, then "inside a large frame: split first". */
    private String refuseSmall(int frame) {
        if (frame < 0 || frame >= frames.length) {
            return IOOBE;
        }
        int large = frame / perLarge;
        return large < merged.length && merged[large] ? ISE : null;
    }

    /** A large-frame operation: bounds first, then "not a large frame". */
    private String refuseLarge(int large) {
        if (large < 0 || large >= merged.length) {
            return IOOBE;
        }
        return merged[large] ? null : ISE;
    }

    /**
     * One frame of the reference, in the document's letters. Under kvm, {@code content} is what
     * ESSA reports and {@code backed} says, for a frame that is not resident, whether its PTE is a
     * swap entry (true) or none (false); {@code content == 'z'} there is the PGSTE's logical-zero bit.
     */
    static final class Frame {
        char usage = 'S';
        char content;
        boolean changed;      // the guest's change bit
        boolean hostChanged;  // a store since the host last filled or started writing the frame
        boolean noDat;
        boolean backed;       // the paging device holds the content as of the last fill or write

        Frame(HostMode mode) {
            content = mode == HostMode.ZVM ? 'z' : 'p'; // kvm: a none PTE, no zero bit
        }

        Frame copy() {
            Frame f = new Frame(HostMode.ZVM);
            f.usage = usage;
            f.content = content;
            f.changed = changed;
            f.hostChanged = hostChanged;
            f.noDat = noDat;
            f.backed = backed;
            return f;
        }

        void essa(Orc orc, HostMode mode) {
            if (mode == HostMode.KVM) {
                kvmEssa(orc);
            } else {
                zvmEssa(orc);
            }
        }

        void host(FrameOp op, HostMode mode) {
            if (mode == HostMode.KVM) {
                kvmHost(op);
            } else {
                zvmHost(op);
            }
        }

        /** Section 4. */
        private void zvmEssa(Orc orc) {
            switch (orc) {
                case GET_STATE:
                    break;
                case SET_STABLE:
                    usage = 'S';
                    noDat = false;
                    break;
                case SET_STABLE_NODAT:
                    usage = 'S';
                    noDat = true;
                    break;
                case SET_UNUSED:
                    usage = 'U';
                    if (content == 'p') {
                        loseContent(); // the host frees the paging-device slot
                    }
                    break;
                case SET_VOLATILE:
                    usage = 'V';
                    if (content == 'p') {
                        loseContent();
                    }
                    break;
                case SET_POT_VOLATILE:
                    if (content == 'r') {
                        usage = 'P';
                    } else if (content == 'z' || !changed) {
                        usage = 'V';
                        loseContent();
                    } // else: a changed preserved page stays Sp
                    break;
                case SET_STABLE_RESIDENT:
                    if (content == 'p') {
                        pageIn();
                    } else if (content == 'z') {
                        zeroFill();
                    }
                    usage = 'S';
                    break;
                case SET_STABLE_IF_RESIDENT:
                    if (content == 'r') {
                        usage = 'S';
                    }
                    break;
                default:
                    throw new AssertionError(orc);
            }
        }

        /** {@code pgste_perform_essa}: the usage, no-DAT and logical-zero bits; never the PTE. */
        private void kvmEssa(Orc orc) {
            boolean invalid = content != 'r';
            switch (orc) {
                case GET_STATE:
                    break;
                case SET_STABLE:
                    usage = 'S';
                    noDat = false;
                    break;
                case SET_STABLE_NODAT:
                    usage = 'S';
                    noDat = true;
                    break;
                case SET_STABLE_RESIDENT: // "we will not make this page resident"
                    usage = 'S';
                    break;
                case SET_UNUSED:
                case SET_VOLATILE:
                    usage = orc == Orc.SET_UNUSED ? 'U' : 'V';
                    if (invalid) {
                        content = 'z';
                    }
                    break;
                case SET_POT_VOLATILE:
                    if (!invalid) {
                        usage = 'P';
                    } else if (content == 'z') {
                        usage = 'V';
                    } else if (!changed) {
                        usage = 'V';
                        content = 'z';
                    } else {
                        usage = 'S';
                    }
                    break;
                case SET_STABLE_IF_RESIDENT:
                    if (!invalid) {
                        usage = 'S';
                    }
                    break;
                default:
                    throw new AssertionError(orc);
            }
        }

        /** Guest stores, the host pager and balloons: sections 2 and 3, and the FrameOp javadoc. */
        private void zvmHost(FrameOp op) {
            switch (op) {
                case STORE:
                    // Only a resident, used frame takes a store; anything else faults first.
                    if (content == 'r' && usage != 'U') {
                        changed = true;
                        hostChanged = true;
                    }
                    break;
                case CLEAN:
                    changed = false;
                    break;
                case PAGE_IN:
                    if (content == 'p') {
                        pageIn();
                    }
                    break;
                case ZERO_FILL:
                    if (content == 'z' && usage == 'S') {
                        zeroFill();
                    }
                    break;
                case RECLAIM:
                    if (content != 'r') {
                        break; // nothing to reclaim
                    }
                    if (usage == 'U' || usage == 'V' || usage == 'P' && !changed) {
                        usage = usage == 'P' ? 'V' : usage; // Pz does not exist
                        loseContent();
                    } else if (!hostChanged) {
                        // The write has landed, or there was nothing to write: free the frame.
                        usage = 'S'; // Pp does not exist
                        if (backed) {
                            content = 'p';
                        } else {
                            loseContent(); // a zero fill never stored to
                        }
                    } // else: the caller must write it out first
                    break;
                case BEGIN_WRITE_OUT:
                    if (content == 'r' && (usage == 'S' || usage == 'P' && changed) && hostChanged) {
                        hostChanged = false;
                        backed = true;
                    }
                    break;
                case RELEASE:
                    // A balloon page: the host drops the content whatever the state; the usage
                    // is the guest's and stays, except that Pz does not exist.
                    usage = usage == 'P' ? 'V' : usage;
                    loseContent();
                    break;
                case ZAP_UNUSED:
                    break; // no collection buffer
                default:
                    throw new AssertionError(op);
            }
        }

        /** The PTE's life under KVM: faults, {@code try_to_unmap_one}, {@code MADV_DONTNEED}, {@code ptep_zap_unused}. */
        private void kvmHost(FrameOp op) {
            boolean present = content == 'r';
            switch (op) {
                case STORE:
                    if (present) { // no addressing exception for U
                        changed = true;
                        hostChanged = true;
                    }
                    break;
                case CLEAN:
                    changed = false;
                    break;
                case PAGE_IN:
                    if (!present && backed) { // swap-in, whatever the usage; set_pte_at clears the zero bit
                        content = 'r';
                        hostChanged = false;
                    }
                    break;
                case ZERO_FILL:
                    if (!present && !backed) { // a zero page for a none PTE
                        content = 'r';
                        changed = false;
                        hostChanged = false;
                    }
                    break;
                case RECLAIM:
                    if (!present) {
                        break;
                    }
                    if (usage == 'U') { // pte_unused: dropped, no swap
                        content = 'p';
                        hostChanged = false;
                        backed = false;
                    } else if (!hostChanged) { // swapped out (or a zero page unmapped): usage kept
                        content = 'p';
                    }
                    break;
                case BEGIN_WRITE_OUT:
                    if (present && usage != 'U' && hostChanged) {
                        hostChanged = false;
                        backed = true;
                    }
                    break;
                case RELEASE: // MADV_DONTNEED: the PTE becomes none, the PGSTE stays
                    if (present) {
                        content = 'p';
                    }
                    hostChanged = false;
                    backed = false;
                    break;
                case ZAP_UNUSED:
                    if (!present && backed && (usage == 'U' || content == 'z')) {
                        backed = false;
                    }
                    break;
                default:
                    throw new AssertionError(op);
            }
        }

        private void pageIn() {
            content = 'r';
            usage = 'S';
            hostChanged = false;
            backed = true;
        }

        private void zeroFill() {
            content = 'r';
            usage = 'S';
            changed = false;
            hostChanged = false;
            backed = false;
        }

        private void loseContent() {
            content = 'z';
            changed = false;
            hostChanged = false;
            backed = false;
        }

        String show() {
            StringBuilder sb = new StringBuilder().append(usage).append(content);
            if (changed) sb.append("+gc");
            if (hostChanged) sb.append("+hc");
            if (noDat) sb.append("+nodat");
            if (backed) sb.append("+backed");
            // Through the parser, so that both sides print a word the same way.
            return Words.show(Words.parse(sb.toString()));
        }
    }
}
