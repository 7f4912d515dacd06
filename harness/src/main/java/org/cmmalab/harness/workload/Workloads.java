package org.cmmalab.harness.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * The workloads by name. Adding one is one class and one line here, as in the Caffeine
 * simulator's policy registry.
 */
public final class Workloads {
    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("web-farm", new Entry(WebFarm.Spec::parse, true));
        BY_NAME.put("alloc-free", new Entry(AllocFree.Spec::parse, false));
        BY_NAME.put("kernel-compile", new Entry(KernelCompile.Spec::parse, false));
        BY_NAME.put("database", new Entry(Database.Spec::parse, false));
        BY_NAME.put("idle", new Entry(Idle.Spec::parse, false));
        BY_NAME.put("trace", new Entry(TraceWorkload.Spec::parse, false));
    }

    /**
     * A workload's parser, and whether one instance of it serves all of a guest's vCPUs: its steps
     * may interleave at the kernel's preemption points ({@code org.cmmalab.guestmm.Vcpus}) and keep
     * nothing of their own across a kernel call, as a server's worker threads do. Any other runs
     * only on guests of one vCPU.
     */
    private record Entry(Function<YamlMapping, WorkloadSpec> parser, boolean severalVcpus) {
    }

    private Workloads() {
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The workloads one instance of which serves all of a guest's vCPUs (see {@link Entry}). */
    public static List<String> forSeveralVcpus() {
        List<String> names = new java.util.ArrayList<>();
        BY_NAME.forEach((name, entry) -> {
            if (entry.severalVcpus()) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * The workload {@code name} with the parameters in {@code params}; an error at {@code key} of
     * {@code owner} if there is no such workload.
     */
    public static WorkloadSpec parse(String name, YamlMapping params, YamlMapping owner, String key) {
        Entry entry = BY_NAME.get(name);
        if (entry == null) {
            throw owner.error(key, "unknown workload '" + name + "'; known workloads: " + String.join(", ", names()));
        }
        return entry.parser().apply(params);
    }
}
