package org.cmmalab.harness.report;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.cmmalab.pagestates.Orc;

/** Prints {@link StateTables} as two readable tables. */
public final class StateTablesText {
    private StateTablesText() {
    }

    public static void print(StateTables tables, PrintStream out) {
        out.printf("CMMA page states, host mode %s (shared/spec/page-states.md sections 1-3, 7)%n%n", tables.mode().id());
        out.printf("%-6s %-6s %-17s %s%n", "state", "legal", "reclaim", "access");
        for (StateTables.StateRow row : tables.states()) {
            out.printf("%-6s %-6s %-17s %s%n", row.state(), row.legal() ? "yes" : "no",
                    row.reclaim() == null ? "-" : row.reclaim(), row.access() == null ? "-" : row.access());
        }

        List<String> from = tables.states().stream().filter(StateTables.StateRow::legal)
                .map(StateTables.StateRow::state).collect(Collectors.toList());
        out.printf("%nESSA transitions (section 4): new state from each legal state;"
                + " a/b where the change bit decides (a: clear, b: set)%n%n");
        out.printf("%-3s %-23s", "orc", "operation");
        from.forEach(s -> out.printf(" %-5s", s));
        out.println();
        for (Orc op : Orc.values()) {
            out.printf("%-3d %-23s", op.code(), op);
            for (String state : from) {
                String clean = to(tables, op, state, false);
                String changed = to(tables, op, state, true);
                out.printf(" %-5s", clean.equals(changed) ? clean : clean + "/" + changed);
            }
            out.println();
        }
    }

    private static String to(StateTables tables, Orc op, String from, boolean changed) {
        return tables.transitions().stream()
                .filter(t -> t.op() == op && t.from().equals(from) && t.changed() == changed)
                .findFirst().orElseThrow().to();
    }
}
