package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.cmmalab.harness.experiment.density.DensitySearch;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.report.DensityReport;
import org.cmmalab.harness.report.ReportDirectory;
import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.scenario.Scenario;

/**
 * {@code cmma compare} of a scenario with a {@code density:} section: the density search, its
 * progress bar and its report. The bar counts guest-seconds of virtual time; a search does not
 * know how many runs it will need, so each run adds its own to the total as it starts.
 */
final class DensityCommand {
    private DensityCommand() {
    }

    static int run(Scenario s, List<Policy> policies, int countsPerRound, int threads, boolean json, ReportDirectory out) throws Exception {
        long perGuest = Math.round(s.durationSeconds());
        DensityResult d;
        try (Progress progress = Progress.start(s.name(), 0, " guest-s", 1)) {
            d = new DensitySearch(s, policies, countsPerRound).run(threads,
                    guests -> progress.grow(guests * perGuest),
                    guestNanos -> progress.step(guestNanos / 1_000_000_000L),
                    (policy, trial, seconds) -> progress.line(String.format("%s at %d guests: %s [%.0f s]", policy,
                            trial.guests(), trial.outOfHeap() ? "did not fit the heap, even alone"
                            : trial.held() ? "held, guesses " + trial.guess()
                            : "failed (" + trial.hostPageOuts() + " host page-outs, "
                                    + trial.failures() + " guest allocation failures, when the run stopped)", seconds)));
        }
        return report(d, s, json, out);
    }

    /**
     * A density search's reports, as {@code cmma compare} and {@code cmma merge} give them: the
     * JSON or the table, and the report directory; the exit status (1 if a policy's answer lost
     * pages or leaked).
     */
    static int report(DensityResult d, Scenario s, boolean json, ReportDirectory out) throws IOException {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            System.out.println(mapper.writeValueAsString(DensityReport.toJson(d, s.warmupSeconds(), s.durationSeconds(), mapper)));
        } else {
            DensityReport.print(d, s.warmupSeconds(), s.durationSeconds(), System.out);
        }
        if (out != null) {
            DensityReport.write(d, s.warmupSeconds(), s.durationSeconds(), out);
            if (!json) {
                System.out.println("Report written to " + out.path().resolve(DensityReport.CSV) + " and "
                        + out.path().resolve(DensityReport.JSON));
            }
        }
        for (DensityResult.PolicyDensity p : d.policies()) {
            if (p.atGuests() != null && (p.atGuests().get(Metric.LOST_PAGES) != 0 || p.atGuests().get(Metric.LEAKS) != 0)) {
                System.err.println("cmma: " + p.policy() + " lost pages or leaked at " + p.guests() + " guests");
                return 1;
            }
        }
        return 0;
    }
}
