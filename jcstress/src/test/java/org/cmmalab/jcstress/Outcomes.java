package org.cmmalab.jcstress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * One test's results summed over its forks and JVM configurations, graded by the test's own
 * {@code @Outcome}s: how many samples, how many of them in an outcome the test forbids, whether
 * every result passed (no forbidden outcome and none the test does not name), and what went wrong
 * in a run that did not complete.
 */
final class Outcomes {
    long samples;
    long forbidden;
    boolean passed = true;
    final List<String> errors = new ArrayList<>();
    final Map<String, Long> observed = new TreeMap<>();

    void add(TestResult result) {
        if (result.status() != Status.NORMAL) {
            errors.add(result.status() + " " + result.getMessages());
            return;
        }
        samples += result.getTotalCount();
        TestGrading grading = TestGrading.grade(result);
        passed &= grading.isPassed;
        for (GradingResult g : grading.gradingResults.values()) {
            if (g.count > 0) {
                observed.merge(g.id, g.count, Long::sum);
                if (g.expect == Expect.FORBIDDEN) {
                    forbidden += g.count;
                }
            }
        }
    }
}
