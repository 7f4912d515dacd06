package org.cmmalab.harness.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;

/**
 * What {@code cmma sweep --out DIR} writes: per scenario and seed, the reports of
 * {@code cmma compare --out} in {@code DIR/NAME-seed-N} ({@link #directory}), and
 * {@value SweepJson#FILE}, all at once or not at all ({@link ReportDirectory}). The sweep owns
 * {@value SweepJson#FILE} and, inside each of its directories, what a comparison's report owns.
 */
public final class SweepReport {
    private SweepReport() {
    }

    /** Checks, before any run, that the sweep's report can be written to {@code outDir}; writes nothing. */
    public static ReportDirectory check(Path outDir) {
        return ReportDirectory.check(outDir, file -> file.getNameCount() == 1 ? file.toString().equals(SweepJson.FILE)
                : file.getNameCount() == 2 && ComparisonReport.owns(file.getFileName().toString()));
    }

    /**
     * The directory of one scenario at one seed, such as {@code web-farm-seed-42}; an
     * {@link InputError} if the scenario's name cannot name a directory inside the report's.
     */
    public static String directory(String scenario, long seed) {
        String name = scenario + "-seed-" + seed;
        if (name.startsWith(".") || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new InputError("scenario name '" + InputError.excerpt(scenario) + "' cannot name a directory of the "
                    + "sweep's report: it must not start with '.' or hold a '/' or a NUL");
        }
        return name;
    }

    /**
     * Writes every comparison's reports and the sweep's JSON into a checked directory; {@code scenarios}
     * holds each scenario by name, {@code args} the command's arguments.
     */
    public static List<Path> write(SweepResult result, Map<String, Scenario> scenarios, List<String> args,
                                   ReportDirectory dir) {
        return dir.write(staging -> {
            List<String> names = new ArrayList<>();
            for (SweepResult.ScenarioSweep s : result.scenarios()) {
                for (Comparison c : s.bySeed()) {
                    String name = directory(s.scenario(), c.seed());
                    ReportContext context = ReportContext.of(scenarios.get(s.scenario()).withSeed(c.seed()), args);
                    ComparisonReport.render(c, context, Files.createDirectory(staging.resolve(name)));
                    names.add(name);
                }
            }
            SweepJson.write(result, staging.resolve(SweepJson.FILE));
            names.add(SweepJson.FILE);
            return names;
        });
    }
}
