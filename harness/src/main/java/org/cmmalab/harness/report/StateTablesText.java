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
        out.printf("CMMA page states, host mode %s (docs/state-model.md sections 1-3, 7)%n%n", tables.mode().id());
        boolean holding = tables.labelsShowHolding();
        int width = holding ? 8 : 6;
        if (holding) {
            out.printf("A state that is not resident carries /s where the host holds its content on the paging%n"
                    + "device (a swap entry) and /n where it holds nothing; code is what ESSA returns for it.%n%n");
            out.printf("%-8s %-6s %-17s %-20s %s%n", "state", "legal", "reclaim", "access", "code");
        } else {
            out.printf("%-6s %-6s %-17s %s%n", "state", "legal", "reclaim", "access");
        }
        for (StateTables.StateRow row : tables.states()) {
            String reclaim = row.reclaim() == null ? "-" : row.reclaim().toString();
            String access = row.access() == null ? "-" : row.access().toString();
            if (holding) {
                out.printf("%-8s %-6s %-17s %-20s 0x%02X%n", row.label(), row.legal() ? "yes" : "no", reclaim, access,
                        row.code());
            } else {
                out.printf("%-6s %-6s %-17s %s%n", row.label(), row.legal() ? "yes" : "no", reclaim, access);
            }
        }

        List<StateTables.StateRow> from = tables.states().stream().filter(StateTables.StateRow::legal)
                .collect(Collectors.toList());
        out.printf("%nESSA transitions (section 4): new state from each legal state;"
                + " a/b where the change bit decides (a: clear, b: set)%n");
        if (holding) {
            transitionsByState(tables, from, out);
        } else {
            transitionsByOperation(tables, from, out);
        }
    }

    /** One operation per row, one state per column: the architecture's eight states fit. */
    private static void transitionsByOperation(StateTables tables, List<StateTables.StateRow> from, PrintStream out) {
        out.println();
        out.printf("%-3s %-23s", "orc", "operation");
        from.forEach(s -> out.printf(" %-5s", s.label()));
        out.println();
        for (Orc op : Orc.values()) {
            out.printf("%-3d %-23s", op.code(), op);
            for (StateTables.StateRow state : from) {
                out.printf(" %-5s", cell(tables, op, state, "/"));
            }
            out.println();
        }
    }

    /** One state per row, one operation per column: KVM's eighteen states do not fit across. */
    private static void transitionsByState(StateTables tables, List<StateTables.StateRow> from, PrintStream out) {
        out.printf("(here a | b, since /s and /n are part of a name); ! marks a frame ESSA puts into the%n"
                + "collection buffer, whose swap slot the host frees when the buffer is full%n%n");
        out.printf("%-6s", "from");
        for (Orc op : Orc.values()) {
            out.printf(" %-13s", op.code() + " " + abbreviation(op));
        }
        out.println();
        for (StateTables.StateRow state : from) {
            out.printf("%-6s", state.label());
            for (Orc op : Orc.values()) {
                out.printf(" %-13s", cell(tables, op, state, "|"));
            }
            out.println();
        }
        out.printf("%nOperations: ");
        for (Orc op : Orc.values()) {
            out.printf("%s%d %s", op.code() == 0 ? "" : ", ", op.code(), op);
        }
        out.println();
    }

    /** The short name of an operation for a column heading, such as {@code STBL_IF_RES}. */
    private static String abbreviation(Orc op) {
        return op.name().replace("STABLE", "STBL").replace("RESIDENT", "RES").replace("VOLATILE", "VOL")
                .replace("UNUSED", "UNUS").replace("GET_STATE", "GET").replace("SET_", "");
    }

    private static String cell(StateTables tables, Orc op, StateTables.StateRow from, String separator) {
        String clean = to(tables, op, from, false);
        String changed = to(tables, op, from, true);
        return clean.equals(changed) ? clean : clean + separator.trim() + changed;
    }

    private static String to(StateTables tables, Orc op, StateTables.StateRow from, boolean changed) {
        StateTables.TransitionRow t = tables.transitions().stream()
                .filter(r -> r.op() == op && r.from() == from && r.changed() == changed)
                .findFirst().orElseThrow();
        return t.to().label() + (t.collects() ? "!" : "");
    }
}
