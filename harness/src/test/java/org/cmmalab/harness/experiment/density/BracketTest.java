package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * The density search's bracket against an oracle host that holds every count up to its answer:
 * whatever the guesses, the search ends at the right boundary, within the tolerance, and never
 * runs a count twice; a heap limit bounds it and it says so; good guesses make it short, and
 * guesses off in each way {@link Bracket} tells apart cost the runs measured here (the mean over
 * answers 40 to 1,000, tolerance 2%).
 */
class BracketTest {
    private static final int MIN = 16;
    private static final int MAX = 1024;
    private static final double[] TOLERANCES = {0, 0.01, 0.02, 0.1};
    /** Runs of a gallop from {@link #MIN} and an exact bisection up to {@link #MAX}, at most. */
    private static final int BISECTION_RUNS = 7 + 10;

    /** The counts a search runs on an oracle: held up to {@code answer}, out of heap from {@code heapLimit}. */
    private static List<Integer> search(Bracket b, int answer, int heapLimit, IntUnaryOperator guessAfterHeld) {
        List<Integer> runs = new ArrayList<>();
        for (int n = MIN; ; n = b.next()) {
            assertTrue(!runs.contains(n), "ran " + n + " twice: " + runs);
            runs.add(n);
            if (n >= heapLimit) {
                b.outOfHeap(n);
            } else if (n <= answer) {
                b.held(n, guessAfterHeld.applyAsInt(n));
            } else {
                b.failed(n);
            }
            if (b.done()) {
                return runs;
            }
        }
    }

    @Test
    void endsAtTheBoundaryWhateverTheGuesses() {
        qt().withExamples(3000).forAll(integers().between(0, MAX + 100), integers().between(MIN, MAX + 200),
                integers().between(0, TOLERANCES.length - 1), integers().all())
                .checkAssert((answer, heapLimit, t, seed) -> {
                    double tolerance = TOLERANCES[t];
                    SplittableRandom r = new SplittableRandom(seed);
                    Bracket b = new Bracket(MAX, tolerance);
                    List<Integer> runs = search(b, answer, heapLimit, n -> r.nextInt(0, 3 * MAX));
                    String why = "answer " + answer + ", heap limit " + heapLimit + ", tolerance " + tolerance + ": " + runs;
                    assertTrue(b.held() <= answer, why);
                    if (b.answered()) {
                        if (b.failed() == 0) {
                            assertEquals(MAX, b.held(), why);
                        } else {
                            assertTrue(answer < b.failed(), why);
                            assertTrue(b.failed() - b.held() <= Math.max(1, (int) (b.held() * tolerance)), why);
                        }
                    } else {
                        assertEquals(heapLimit, b.outOfHeapAt(), why);
                        assertEquals(heapLimit - 1, b.held(), why);
                        assertTrue(answer >= heapLimit - 1, "a failure below the heap limit was not found: " + why);
                    }
                    assertTrue(runs.size() <= BISECTION_RUNS * 2, "random guesses, at most twice a bisection: " + why);
                });
    }

    @Test
    void aGoodGuessTakesFourRunsAndAWrongOneAboutABisection() {
        for (int answer = 40; answer <= 1000; answer += 7) {
            int a = answer;
            List<Integer> exact = search(new Bracket(MAX, 0.02), a, Integer.MAX_VALUE, n -> a);
            assertTrue(exact.size() <= 4, a + ": " + exact);
            for (double bias : new double[] {0.5, 0.9, 1.03, 1.1, 2, 4}) {
                List<Integer> off = search(new Bracket(MAX, 0.02), a, Integer.MAX_VALUE, n -> (int) (a * bias));
                assertTrue(off.size() <= 15, "guesses " + bias + " times the answer " + a + ": " + off);
            }
            // a guess that creeps a little ahead of each count held, the worst case for guessing:
            // strides grow fourfold, and inside the bracket guesses alternate with bisection
            List<Integer> creep = search(new Bracket(MAX, 0.02), a, Integer.MAX_VALUE, n -> n + n / 25 + 1);
            assertTrue(creep.size() <= BISECTION_RUNS * 2, "creeping guesses, answer " + a + ": " + creep);
        }
    }

    /**
     * Guesses that lie beyond the answer by more the further the count held is from it, as KSM's
     * do (at 128 guests it merges within minutes, near the answer only after warm-up): each run
     * guesses 1.7 times its true headroom, as the ppr+ksm search of density.yaml measured (128
     * guests guessed 971 more, 404 guessed 502 more, against an answer near 705). Plain guesses
     * creep up from below by bisection, 11.8 runs on average; the secant from the two largest
     * counts held, once a guess has failed, goes straight to the answer: 8.93 runs (9.14 if every
     * failed guess met its edge below).
     */
    @Test
    void afterAGuessFailedGuessesThatGrowWithTheHeadroomAreCorrectedBySecant() {
        double runs = meanRuns((a, n) -> (int) (n + 1.7 * (a - n)));
        assertTrue(runs <= 9.0, "mean runs " + runs);
    }

    /**
     * Guesses that do not see what fails: right from afar, but from near the answer some fixed
     * headroom ahead of the count held, as where runs fail for a cause the peak does not scale
     * (density.yaml's balloon-mom guessed 123 to 132 more than the count held from 520 guests to
     * its answer, 577). Met by its edge below, each failed guess would cost strides down; the
     * trend puts the limit beyond the failure, and the search bisects. 130 guests ahead with
     * noise of 10: 7.36 runs (7.87 if every failed guess met its edge below); a quarter of the
     * answer ahead: 7.43 (8.72).
     */
    @Test
    void guessesThatDoNotSeeWhatFailsAreNotBetOn() {
        double fixed = meanRuns((a, n) -> n + Math.max(a - n, 130) + noise(a, n, 10));
        assertTrue(fixed <= 7.4, "130 ahead: mean runs " + fixed);
        double quarter = meanRuns((a, n) -> n + Math.max(a - n, a / 4));
        assertTrue(quarter <= 7.5, "a quarter ahead: mean runs " + quarter);
    }

    /**
     * Guesses off by the same count or factor at every count look like good ones until the first
     * fails; then a failure only bounds the overshoot from below (the guess less that bound is the
     * count that failed), so strides below the failed guess measure it and bisection ends the
     * search: 120 guests high with noise of 10, 10.84 runs; 20% high with noise of 2%, 10.36
     * (10.84 and 10.37 if every failed guess met its edge below). Good guesses cost nothing for
     * it: 4.01 runs with noise of 1%, either way.
     */
    @Test
    void guessesOffByAConstantAreMeasuredByStridesAndGoodOnesCostNothingMore() {
        double offset = meanRuns((a, n) -> a + 120 + noise(a, n, 10));
        assertTrue(offset <= 10.9, "120 high: mean runs " + offset);
        double factor = meanRuns((a, n) -> (int) (1.2 * a * (1 + noise(a, n, 20) / 1000.0)));
        assertTrue(factor <= 10.4, "20% high: mean runs " + factor);
        double good = meanRuns((a, n) -> (int) (a * (1 + noise(a, n, 10) / 1000.0)));
        assertTrue(good <= 4.01, "within 1%: mean runs " + good);
    }

    /** One search of density.yaml: the policies that ran it, its answer and failure, its runs, and each held count's guess. */
    private record Recorded(List<String> policies, int answer, int failed, int runs, int[][] guesses) {
    }

    /**
     * The searches of density.yaml (reading 1 in docs/experiments/density.md) replayed from their
     * guesses: a count held guesses what it guessed there, a count between two held ones the
     * guess between theirs along the line, and the oracle holds up to the answer, or, as nothing
     * between the answer and the count that failed was run there, up to one below that count.
     * Either way no search runs more counts than it did (balloon-mom: 8 where it ran 10, bisecting
     * after its guess from 520 guests failed at 643; its answer, 573 or 581 by whether 581 holds,
     * brackets the boundary between 577 and 582 as 577 did), and a search that ran no count the
     * record cannot decide ends at the same answer.
     */
    @Test
    void densityYamlSearchesReplayedFromTheirGuesses() {
        List<Recorded> searches = List.of(
                new Recorded(List.of("none", "cmma"), 490, 499, 6, new int[][] {{16, 533}, {128, 520}, {490, 498}}),
                new Recorded(List.of("ppr", "free-page-reporting"), 707, 721, 4, new int[][] {{16, 691}, {128, 707}, {707, 708}}),
                new Recorded(List.of("balloon-mom"), 577, 583, 10,
                        new int[][] {{16, 533}, {128, 520}, {520, 643}, {559, 689}, {571, 703}, {577, 708}}),
                new Recorded(List.of("ksm", "cmma+ksm"), 680, 693, 8, new int[][] {{16, 809}, {128, 743}, {645, 685}, {680, 685}}),
                new Recorded(List.of("ppr+ksm"), 712, 724, 10,
                        new int[][] {{16, 1073}, {128, 1099}, {404, 906}, {699, 718}, {712, 716}}));
        int runs = 0;
        for (Recorded r : searches) {
            TreeMap<Integer, Integer> guesses = new TreeMap<>();
            for (int[] g : r.guesses) {
                guesses.put(g[0], g[1]);
            }
            IntUnaryOperator guess = n -> {
                var below = guesses.floorEntry(n);
                var above = guesses.ceilingEntry(n);
                if (above == null || below.getKey() == n) {
                    return below.getValue();
                }
                return below.getValue() + (above.getValue() - below.getValue()) * (n - below.getKey())
                        / (above.getKey() - below.getKey());
            };
            for (int boundary : new int[] {r.answer, r.failed - 1}) {
                Bracket b = new Bracket(MAX, 0.02);
                List<Integer> ran = search(b, boundary, Integer.MAX_VALUE, guess);
                String why = r.policies + ", holding up to " + boundary + ": " + ran;
                assertTrue(ran.size() <= r.runs, why);
                if (ran.stream().noneMatch(n -> n > r.answer && n < r.failed)) {
                    assertEquals(r.answer, b.held(), why);
                }
                if (boundary == r.answer) {
                    runs += ran.size() * r.policies.size();
                }
            }
        }
        assertEquals(54, runs, "runs of the eight policies' searches (56 as recorded)");
    }

    /** The mean runs of searches over answers 40 to 1,000 with {@code guess(answer, count)}. */
    private static double meanRuns(IntBinaryOperator guess) {
        int searches = 0;
        int runs = 0;
        for (int answer = 40; answer <= 1000; answer += 7) {
            int a = answer;
            runs += search(new Bracket(MAX, 0.02), a, Integer.MAX_VALUE, n -> guess.applyAsInt(a, n)).size();
            searches++;
        }
        return (double) runs / searches;
    }

    /** Noise in [-amplitude, amplitude], the same for the same answer and count. */
    private static int noise(int answer, int count, int amplitude) {
        return new SplittableRandom(answer * 1_000_003L + count).nextInt(-amplitude, amplitude + 1);
    }
}
