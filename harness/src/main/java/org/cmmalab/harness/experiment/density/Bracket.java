package org.cmmalab.harness.experiment.density;

/**
 * Where one policy's density search looks next: the largest guest count held so far, the
 * smallest that failed, and the count to run next, chosen from a guess.
 *
 * <p>Every run that holds also guesses the answer: its peak host memory, scaled to the host's
 * memory, is the count that would just fit if every guest cost what it cost in that run
 * ({@link DensitySearch}). A guess is only a guess (sharing changes with the count, a peak may
 * fall between samples, a guest may fail an allocation with the host half empty), so it steers
 * the search, never decides it. A <em>step</em> is the tolerance of the count held (at least 1),
 * and the guess <em>calls a count the limit</em> when it is at most one step above it. The next
 * count is:
 * <ol>
 *   <li>while nothing has failed: one step up, once, if the guess calls the count held the limit;
 *       otherwise the guess, at most {@value #REACH} times the count held (a guess from a small
 *       run extrapolates far), or a stride four times the last, whichever is further, so that a
 *       guess that is low or creeps up costs runs logarithmic in its error;</li>
 *   <li>once a count has failed or did not fit the heap, after a run that held: one step up if
 *       the guess calls the count held the limit (it ends the search if it fails), or the guess
 *       if it lies inside the bracket; neither twice in a row;</li>
 *   <li>after a guess that failed, by where the <em>trend</em> of the guesses (below) puts the
 *       limit: more than a step below the count that failed, the count it puts there; more than
 *       a step above, the midpoint; otherwise, or where the trend is not trusted that far, the
 *       <em>edge below</em>, the smallest count that ends the search if it holds, and if that
 *       fails too, strides down, each twice the last;</li>
 *   <li>otherwise, and whenever the count chosen would leave the bracket: the midpoint.</li>
 * </ol>
 * <p>A guess scales the held run's peak as if each guest cost the same at any count. Where that
 * is not so, the guesses are off systematically, and the two largest counts held show how: the
 * headroom each guessed (guess less count) lies on a line, the <em>trend</em>, and where the
 * line reaches zero the trend puts the limit (nowhere if the headroom did not shrink between
 * them). Guesses are off in three ways, told apart by where the trend puts the limit:
 * <ul>
 *   <li>In proportion to the headroom: the trend puts the limit inside the bracket. Where the
 *       cost grows with the count (KSM's full scan takes longer with more guests, so it merges
 *       later and a larger count's boot peak is less merged), every guess lies beyond the answer,
 *       the more so the further the count held is from it, and the search above, trusting each,
 *       would creep up from below by bisection. So once a guess has failed, the guess of a run
 *       that held is where the trend puts the limit (a secant step), no further than the plain
 *       guess, and a guess that fails more than a step above that count is followed by it.</li>
 *   <li>By the same count or the same factor at every count: the trend puts the limit at the
 *       guess itself, and nothing tells such guesses from good ones before one fails. A failure
 *       bounds the overshoot from below only, and the guess less that bound is the count that
 *       failed, so the overshoot is measured by runs: the strides below the failed guess, each
 *       doubling the overshoot assumed. Every later guess lies beyond the bracket they leave,
 *       which is bisected.</li>
 *   <li>Blind to what fails: where runs fail for a cause the peak does not scale (a guest's
 *       allocation failing while balloons hold memory), the guessed headroom stops shrinking
 *       near the answer and the trend puts the limit beyond a count that failed. A guess then
 *       says nothing of where in the bracket the answer lies, and after one failed the search
 *       bisects instead of betting on its edge.</li>
 * </ul>
 * A line is trusted only as far from its two counts as they lie apart, so a failed guess is
 * judged by the trend only that near, otherwise by its edge below: the first two runs, a small
 * count and the jump from it, lie apart a fraction of the distance to the guess they make, and a
 * percent of noise in their guesses would move where the trend puts the limit by more than a step.
 *
 * <p>With a good guess a search is four runs (the first count, a jump, the guess, an edge); with
 * guesses that are wrong it costs at most about twice as many runs as bisection (BracketTest
 * measures these, and the searches of {@code density.yaml} replayed from their guesses). The
 * search is done when the smallest count failed is within {@code tolerance} of the
 * largest held (at least one apart), or when every count worth running held: the maximum, or one
 * below the smallest count that did not fit the heap. Whatever the guesses, the answer is a count
 * that held next to one that failed.
 */
final class Bracket {
    /** How far, as a multiple of the count held, the search jumps toward a guess at most. */
    static final int REACH = 8;

    private final int max;
    private final double tolerance;
    private int held;
    /** The plain guess of the run that held {@link #held}, and the count and guess of the held run before it. */
    private int heldGuess;
    private int lowerHeld;
    private int lowerGuess;
    private boolean guessFailed;
    private int failed;
    private int ceiling;
    private int outOfHeapAt;
    private boolean lastHeld;
    private int stride;
    private boolean steppedUp;
    private Probe lastProbe = Probe.BISECT;

    /** How a count to run was chosen. */
    private enum Probe { GUESS, STRIDE, EDGE, DOWN, BISECT }

    Bracket(int max, double tolerance) {
        this.max = max;
        this.tolerance = tolerance;
        this.ceiling = max;
    }

    /** The largest count that held, or 0. */
    int held() {
        return held;
    }

    /** The smallest count that failed, or 0. */
    int failed() {
        return failed;
    }

    /** The smallest count that did not fit the heap, or 0. */
    int outOfHeapAt() {
        return outOfHeapAt;
    }

    /** A run of {@code guests} held and guessed {@code guess}. */
    void held(int guests, int guess) {
        lastHeld = true;
        if (guests > held) {
            lowerHeld = held;
            lowerGuess = heldGuess;
            held = guests;
            heldGuess = guess;
        }
    }

    void failed(int guests) {
        guessFailed |= lastProbe == Probe.GUESS;
        lastHeld = false;
        failed = failed == 0 ? guests : Math.min(failed, guests);
    }

    /** A run of {@code guests} did not fit the heap: no count from there on is worth running. */
    void outOfHeap(int guests) {
        lastHeld = false;
        outOfHeapAt = outOfHeapAt == 0 ? guests : Math.min(outOfHeapAt, guests);
        ceiling = Math.min(ceiling, guests - 1);
    }

    /** Whether the failure is within the tolerance of the count held: the search has its answer. */
    boolean answered() {
        return failed != 0 && failed - held <= step(held) || held == max;
    }

    boolean done() {
        return answered() || held >= top() - 1;
    }

    /** The count to run next. */
    int next() {
        if (done()) {
            throw new IllegalStateException("the search is done: held " + held + ", failed " + failed);
        }
        int guess = guessFailed ? secantGuess() : heldGuess;
        int top = top();
        int step = step(held);
        boolean atLimit = guess <= held + step;
        int q;
        Probe kind;
        if (failed == 0 && ceiling == max) {
            // nothing has failed: once, a step to show that the guess's limit is one; then growing
            // strides (each four times the last) or the guess, whichever is further
            if (atLimit && !steppedUp) {
                steppedUp = true;
                q = held + step;
                kind = Probe.EDGE;
            } else {
                stride = stride == 0 ? step : 4 * stride;
                long jump = Math.min(guess, (long) REACH * held);
                q = (int) Math.min(Integer.MAX_VALUE, Math.max((long) held + stride, jump));
                kind = jump >= q ? Probe.GUESS : Probe.STRIDE;
            }
        } else if (lastHeld && atLimit && lastProbe != Probe.EDGE) {
            q = held + step;
            kind = Probe.EDGE;
        } else if (lastHeld && !atLimit && guess < top && lastProbe != Probe.GUESS) {
            q = guess;
            kind = Probe.GUESS;
        } else if (!lastHeld && lastProbe == Probe.GUESS) {
            // a guess failed: judged by where the trend puts the limit, if the trend reaches this far
            int edge = edgeBelow(top);
            boolean trusted = lowerHeld != 0 && top - held <= held - lowerHeld;
            double limit = trendLimit();
            if (trusted && limit > held && limit < edge) {
                q = (int) limit;
                kind = Probe.GUESS;
            } else if (trusted && limit >= top + step(top)) {
                q = 0;
                kind = Probe.BISECT;
            } else {
                q = edge;
                stride = top - q;
                kind = Probe.DOWN;
            }
        } else if (!lastHeld && lastProbe == Probe.DOWN) {
            stride *= 2;
            q = top - stride;
            kind = Probe.DOWN;
        } else {
            q = 0;
            kind = Probe.BISECT;
        }
        if (q <= held || q >= top) {
            q = held + (top - held) / 2;
            kind = Probe.BISECT;
        }
        lastProbe = kind;
        return q;
    }

    /** Where the trend puts the limit, at most the plain guess; the plain guess until two counts have held. */
    private int secantGuess() {
        return lowerHeld == 0 ? heldGuess : (int) Math.min(heldGuess, Math.floor(trendLimit()));
    }

    /**
     * The count where the headroom guessed by the two largest counts held, along the line through
     * them, reaches zero; infinite if it did not shrink between them. Only with two counts held.
     */
    private double trendLimit() {
        long shrink = (long) (lowerGuess - lowerHeld) - (heldGuess - held);
        if (shrink <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return held + (double) (heldGuess - held) * (held - lowerHeld) / shrink;
    }

    /** One more than the largest count worth running. */
    private int top() {
        int top = ceiling + 1;
        return failed == 0 ? top : Math.min(top, failed);
    }

    /** The smallest count that, if it held, would be within the tolerance of {@code failedAt}. */
    private int edgeBelow(int failedAt) {
        int x = Math.max(held + 1, (int) (failedAt / (1 + tolerance)) - 1);
        while (failedAt - x > step(x)) {
            x++;
        }
        return x;
    }

    private int step(int count) {
        return Math.max(1, (int) (count * tolerance));
    }
}
