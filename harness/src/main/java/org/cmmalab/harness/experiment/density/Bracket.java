package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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
    /** The count a round of several ({@link #next(int)}) ran as the guess, or 0. */
    private int roundGuess;

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

    /**
     * A run of {@code guests} held and guessed {@code guess}. A count at or above one that failed or
     * did not fit the heap (a round's larger count, run beside its smaller) does not move the
     * bracket: the search takes a count that fails to fail with more guests too.
     */
    void held(int guests, int guess) {
        if (failed != 0 && guests >= failed || guests > ceiling) {
            return;
        }
        lastHeld = true;
        if (guests > held) {
            lowerHeld = held;
            lowerGuess = heldGuess;
            held = guests;
            heldGuess = guess;
        }
    }

    void failed(int guests) {
        guessFailed |= lastProbe == Probe.GUESS || guests == roundGuess;
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

    /**
     * The counts of the next round, {@code k} of them at most (fewer where the bracket holds fewer
     * counts), ascending, to run at once; the search then tells the bracket every one's outcome,
     * the smallest first. With {@code k} 1, exactly {@link #next()}: the sequence of one count a
     * round. With more, the round covers the guess and what would end the search around it, and
     * splits what is left of the bracket evenly:
     * <ul>
     *   <li>the guess, as {@link #next()} would take it (the trend's count once a guess has failed;
     *       while nothing has failed, at most {@value #REACH} times the count held), and its edges:
     *       a step above (if the guess holds, that failing ends the search), then, with three or more,
     *       the edge below (if the guess fails, that holding ends it); where the guess calls the
     *       count held the limit, one step up; none once a failed guess showed that the guesses do
     *       not see what fails (the trend beyond the failure);</li>
     *   <li>the rest: while nothing has failed, strides up from the count held, each four times the
     *       last; then, in the gaps the guess's counts leave, evenly spaced counts, each gap taking
     *       counts in turn where its parts are largest, so that with no guess to bet on the
     *       bracket shrinks by a factor {@code k + 1} a round.</li>
     * </ul>
     */
    List<Integer> next(int k) {
        if (k == 1) {
            return List.of(next());
        }
        if (done()) {
            throw new IllegalStateException("the search is done: held " + held + ", failed " + failed);
        }
        int top = top();
        boolean open = failed == 0 && ceiling == max;
        TreeSet<Integer> counts = new TreeSet<>();
        roundGuess = 0;
        lastProbe = Probe.BISECT;
        if (held != 0 && !blind(top)) {
            int guess = guessFailed ? secantGuess() : heldGuess;
            int step = step(held);
            int g = 0;
            if (guess <= held + step) {
                if (!open || !steppedUp) { // while nothing has failed, once, as next() does
                    steppedUp |= open;
                    counts.add(held + step);
                }
            } else if (open) {
                // the guess or a stride, whichever is further, as next() takes them
                stride = widerStride();
                long jump = Math.min(guess, (long) REACH * held);
                if (jump >= (long) held + stride) {
                    g = (int) jump;
                } else {
                    counts.add((int) Math.min(Integer.MAX_VALUE, (long) held + stride));
                }
            } else {
                g = guess;
            }
            if (g > held && g < top) {
                roundGuess = g;
                counts.add(g);
                counts.add(g + step(g));
                if (k >= 3) {
                    counts.add(edgeBelow(g));
                }
            }
            counts.removeIf(q -> q <= held || q >= top);
            while (counts.size() > k) {
                counts.pollLast();
            }
        }
        if (open) {
            while (counts.size() < k) {
                stride = widerStride();
                long q = (long) held + stride;
                if (q >= top) {
                    break;
                }
                counts.add((int) q);
            }
        }
        spread(counts, k, top);
        return List.copyOf(counts);
    }

    /** The next stride up while nothing has failed: a step, then four times the last, at most {@code max}. */
    private int widerStride() {
        return stride == 0 ? step(held) : (int) Math.min(max, 4L * stride);
    }

    /**
     * Whether a guess has failed and the trend of the guesses puts the limit beyond the failure,
     * more than a step: the guesses do not see what fails, and a round bets nothing on them.
     */
    private boolean blind(int top) {
        return guessFailed && lowerHeld != 0 && top - held <= held - lowerHeld && trendLimit() >= top + step(top);
    }

    /**
     * Adds counts to {@code counts} until it has {@code k} or the bracket (held, top) has no more:
     * each goes to the gap between counts (and the bracket's ends) whose parts would be largest, and
     * each gap's counts split it evenly.
     */
    private void spread(TreeSet<Integer> counts, int k, int top) {
        List<Integer> ends = new ArrayList<>();
        ends.add(held);
        ends.addAll(counts);
        ends.add(top);
        int gaps = ends.size() - 1;
        int[] inside = new int[gaps];
        int room = 0;
        for (int i = 0; i < gaps; i++) {
            room += ends.get(i + 1) - ends.get(i) - 1;
        }
        for (int added = counts.size(); added < Math.min(k, counts.size() + room); added++) {
            int best = -1;
            for (int i = 0; i < gaps; i++) {
                int length = ends.get(i + 1) - ends.get(i);
                if (inside[i] + 1 < length && (best < 0
                        || (long) length * (inside[best] + 1) > (long) (ends.get(best + 1) - ends.get(best)) * (inside[i] + 1))) {
                    best = i;
                }
            }
            inside[best]++;
        }
        for (int i = 0; i < gaps; i++) {
            int from = ends.get(i);
            int length = ends.get(i + 1) - from;
            for (int j = 1; j <= inside[i]; j++) {
                counts.add(from + (int) ((long) length * j / (inside[i] + 1)));
            }
        }
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
