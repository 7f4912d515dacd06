package org.cmmalab.harness.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cmmalab.harness.Registration;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * The workloads by name. Adding one is one class (against {@link WorkloadSpec} and
 * {@link Workload}) and one line here, as in the Caffeine simulator's policy registry; this map is
 * the only list of their names, from which help texts and errors are built.
 */
public final class Workloads {
    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    static {
        register("web-farm", WebFarm.Spec::parse, true);
        register("alloc-free", AllocFree.Spec::parse, false);
        register("kernel-compile", KernelCompile.Spec::parse, false);
        register("database", Database.Spec::parse, false);
        register("idle", Idle.Spec::parse, false);
        register("trace", TraceWorkload.Spec::parse, false);
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

    /**
     * Registers workload {@code name}, whose parameters {@code parser} reads, after the others;
     * {@code severalVcpus}: one instance serves all of a guest's vCPUs ({@link Entry}). Refuses a
     * name already registered. Closing the registration takes it out again.
     */
    public static Registration register(String name, Function<YamlMapping, WorkloadSpec> parser, boolean severalVcpus) {
        if (BY_NAME.putIfAbsent(name, new Entry(parser, severalVcpus)) != null) {
            throw new IllegalArgumentException("a workload named '" + name + "' is registered already");
        }
        return () -> BY_NAME.remove(name);
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
