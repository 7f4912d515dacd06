package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * The density search's bracket against an oracle host that holds every count up to its answer:
 * whatever the guesses, the search ends at the right boundary, within the tolerance, and never
 * runs a count twice; a heap limit bounds it and it says so; and good guesses make it short.
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
     * counts held, once a guess has failed, goes straight to the answer.
     */
    @Test
    void afterAGuessFailedGuessesThatGrowWithTheHeadroomAreCorrectedBySecant() {
        int searches = 0;
        int runs = 0;
        for (int answer = 40; answer <= 1000; answer += 7) {
            int a = answer;
            List<Integer> r = search(new Bracket(MAX, 0.02), a, Integer.MAX_VALUE, n -> (int) (n + 1.7 * (a - n)));
            searches++;
            runs += r.size();
        }
        assertTrue(runs <= 9.5 * searches, "mean runs " + (double) runs / searches);
    }
}
