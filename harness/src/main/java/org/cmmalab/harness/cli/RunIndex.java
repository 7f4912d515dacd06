package org.cmmalab.harness.cli;

import java.util.List;
import java.util.Map;
import org.cmmalab.harness.InputError;

/** Which run of a plan a cluster's task runs, when {@code cmma run} is not told: its task index. */
public final class RunIndex {
    /** Where a cluster puts the task's index: Slurm's array jobs, then Kubernetes' Indexed Jobs. */
    static final List<String> VARIABLES = List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX");

    private RunIndex() {
    }

    /** The task index a cluster gives in {@code env}; an error when there is none or it is not a number. */
    public static int from(Map<String, String> env) {
        for (String name : VARIABLES) {
            String v = env.get(name);
            if (v != null) {
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new InputError(name + ": not a run index: '" + v + "'");
                }
            }
        }
        throw new InputError("no --index, and neither " + String.join(" nor ", VARIABLES) + " is set: say which run to run");
    }
}
