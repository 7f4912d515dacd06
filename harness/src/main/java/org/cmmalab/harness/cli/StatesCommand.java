package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.cmmalab.harness.report.StateTables;
import org.cmmalab.harness.report.StateTablesJson;
import org.cmmalab.harness.report.StateTablesText;
import org.cmmalab.pagestates.HostMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmma states}: the state model's tables, read from the model itself. */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Print the CMMA state model: legal states, reclaim and access tables, ESSA transitions.")
final class StatesCommand implements Callable<Integer> {
    @Option(names = "--mode", defaultValue = "zvm", converter = HostModeConverter.class,
            completionCandidates = Choices.HostModeIds.class,
            description = "Host mode, one of: ${COMPLETION-CANDIDATES} (zvm the full architecture, kvm mainline KVM's subset). Default: ${DEFAULT-VALUE}.")
    HostMode mode;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StateTables tables = new StateTables(mode);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            System.out.println(mapper.writeValueAsString(StateTablesJson.toJson(tables, mapper)));
        } else {
            StateTablesText.print(tables, System.out);
        }
        return 0;
    }
}
