package org.cmmalab.pagestates;

/**
 * The oracle of {@link FrameTablePropertyTest}: a plain sequential frame table written from the
 * spec. It does not call {@link StateModel} or {@link TransitionTables}: it keeps each frame as
 * letters and booleans and applies the spec's rules (sections 2 to 4 and 7, and the host-flag
 * rules of the FrameState and FrameOp javadoc) to them. It borrows only the bit layout, through
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
            this.frames[i] = new Frame();
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
        frames[frame].essa(orc);
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
        f.essa(orc);
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

    /** One frame of the reference, in the spec's letters. */
    static final class Frame {
        char usage = 'S';
        char content = 'z';
        boolean changed;      // the guest's change bit
        boolean hostChanged;  // a store since the host last filled or started writing the frame
        boolean noDat;
        boolean backed;       // the paging device holds the content as of the last fill or write

        Frame copy() {
            Frame f = new Frame();
            f.usage = usage;
            f.content = content;
            f.changed = changed;
            f.hostChanged = hostChanged;
            f.noDat = noDat;
            f.backed = backed;
            return f;
        }

        /** Spec section 4. */
        void essa(Orc orc) {
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

        /** Guest stores, the host pager and balloons: spec sections 2, 3 and 7, and the FrameOp javadoc. */
        void host(FrameOp op, HostMode mode) {
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
                    if (discards(mode)) {
                        usage = usage == 'P' ? 'V' : usage; // Pz does not exist
                        loseContent();
                    } else if (!hostChanged) {
                        // The write has landed, or there was nothing to write: free the frame.
                        usage = 'S'; // Pp does not exist, and kvm writes V and P out like S
                        if (backed) {
                            content = 'p';
                        } else {
                            loseContent(); // a zero fill never stored to
                        }
                    } // else: the caller must write it out first
                    break;
                case BEGIN_WRITE_OUT:
                    if (content == 'r' && !discards(mode) && hostChanged) {
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
                default:
                    throw new AssertionError(op);
            }
        }

        /** Spec section 2 for zvm (U, V and clean P), section 7 for kvm (U only). */
        private boolean discards(HostMode mode) {
            if (usage == 'U') {
                return true;
            }
            return mode == HostMode.ZVM && (usage == 'V' || usage == 'P' && !changed);
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
