package org.cmmalab.harness.report;

import java.util.List;
import java.util.regex.Pattern;
import org.cmmalab.harness.scenario.Scenario;

/**
 * What a comparison's page says besides the results: the scenario that was run (its description,
 * the host's capacity and warm-up the charts mark, the published comparison it stands beside) and
 * the command line that ran it.
 *
 * @param scenario    the scenario as run (with the seed of the comparison)
 * @param commandLine the command, as a shell would take it back
 */
public record ReportContext(Scenario scenario, String commandLine) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./,:=+@%^-]+");

    /** The context of {@code cmma ARGS}: the arguments quoted for a POSIX shell where they need it. */
    public static ReportContext of(Scenario scenario, List<String> args) {
        StringBuilder line = new StringBuilder("cmma");
        for (String arg : args) {
            line.append(' ').append(PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return new ReportContext(scenario, line.toString());
    }
}
