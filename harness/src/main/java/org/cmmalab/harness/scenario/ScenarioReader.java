package org.cmmalab.harness.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.workload.WorkloadSpec;
import org.cmmalab.harness.workload.Workloads;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.pagestates.HostMode;

/**
 * Reads a scenario from YAML and checks it whole before anything runs: every key known, every
 * value of the right type and range, every name registered, and the machine possible. The
 * scenario files shipped in {@code scenarios/} are also built in, by name ({@link BuiltInScenarios}).
 */
public final class ScenarioReader {
    /** The scenario {@code cmma compare} runs without {@code --scenario}. */
    public static final String DEFAULT = "web-farm";
    /** A large frame's size in MiB: a guest backed by large frames has a whole number of them. */
    private static final int LARGE_FRAME_MIB = 2;

    private ScenarioReader() {
    }

    /**
     * Reads {@code nameOrPath}: a file if one exists there, else a built-in scenario by name.
     * {@code policyCheck} validates each policy name and its parameters, throwing an
     * {@link InputError} from the section it is given.
     */
    public static Scenario read(String nameOrPath, PolicyCheck policyCheck) {
        return source(nameOrPath).read(policyCheck);
    }

    /** A scenario file's bytes, and the name it goes by in messages. */
    public record Source(String file, byte[] bytes) {
        /** The scenario these bytes hold. */
        public Scenario read(PolicyCheck policyCheck) {
            return parse(file, bytes, policyCheck);
        }

        /** The file's text, for a plan that carries it (the bytes parsed as UTF-8 already). */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The bytes of {@code nameOrPath}: a file if one exists there, else a built-in scenario by name. */
    public static Source source(String nameOrPath) {
        Path path = InputError.pathOf(nameOrPath);
        if (Files.isDirectory(path)) {
            throw new InputError(nameOrPath + ": is a directory, not a scenario file");
        }
        if (Files.isRegularFile(path)) {
            try {
                return new Source(path.toString(), Files.readAllBytes(path));
            } catch (NoSuchFileException e) {
                throw new InputError(nameOrPath + ": no such file");
            } catch (IOException e) {
                throw new InputError(nameOrPath + ": cannot read: " + e.getMessage());
            }
        }
        try {
            byte[] bytes = BuiltInScenarios.read(nameOrPath);
            if (bytes == null) {
                throw new InputError(nameOrPath + ": no such file, and no built-in scenario of that name; built-in: "
                        + String.join(", ", BuiltInScenarios.names()));
            }
            return new Source(BuiltInScenarios.fileName(nameOrPath), bytes);
        } catch (IOException e) {
            throw new InputError(nameOrPath + ": cannot read the built-in scenario: " + e.getMessage());
        }
    }

    /** The scenario whose file {@code file} holds {@code text} (a study's run carries the text, not the file). */
    public static Scenario fromText(String file, String text, PolicyCheck policyCheck) {
        return parse(file, text, policyCheck);
    }

    /** Parses the bytes of {@code file} ({@link YamlMapping#parse(String, byte[])}). */
    static Scenario parse(String file, byte[] bytes, PolicyCheck policyCheck) {
        return parse(YamlMapping.parse(file, bytes), file, policyCheck);
    }

    /** Checks a policy name (with {@code +} combinations) and its parameter section. */
    @FunctionalInterface
    public interface PolicyCheck {
        void check(String policy, YamlMapping owner, String key, Map<String, YamlMapping> params);
    }

    static Scenario parse(String file, String text, PolicyCheck policyCheck) {
        return parse(YamlMapping.parse(file, text), file, policyCheck);
    }

    private static Scenario parse(YamlMapping top, String file, PolicyCheck policyCheck) {
        String name = top.text("name", file);
        long seed = top.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double duration = top.number("durationSeconds", 120, 1e-3, 1e9);
        double warmup = top.number("warmupSeconds", 0, 0, 1e9);
        if (warmup >= duration) {
            throw top.error("warmupSeconds", "warmupSeconds must be shorter than durationSeconds (" + duration + ")");
        }
        boolean ratiosGiven = top.has("overcommit");
        List<Double> overcommit = top.numbers("overcommit", List.of(1.0), 1.0, 1000);
        List<String> policies = top.texts("policies", List.of("none", "cmma"));

        YamlMapping paramsSection = top.section("policyParams");
        Map<String, YamlMapping> policyParams = new LinkedHashMap<>();
        for (String key : paramsSection.keys()) {
            policyParams.put(key, paramsSection.section(key));
        }
        for (String policy : policies) {
            policyCheck.check(policy, top, "policies", policyParams);
        }
        for (Map.Entry<String, YamlMapping> e : policyParams.entrySet()) {
            if (!policies.stream().anyMatch(p -> List.of(p.split("\\+")).contains(e.getKey()))) {
                throw paramsSection.error(e.getKey(), "policyParams names '" + e.getKey()
                        + "', which is not among the policies compared: " + String.join(", ", policies));
            }
        }

        YamlMapping hostSection = top.section("host");
        Scenario.Host host = host(hostSection);
        List<Scenario.GuestGroup> guests = new ArrayList<>();
        for (YamlMapping g : top.sections("guests")) {
            guests.add(guest(g, host.mode()));
        }
        if (guests.isEmpty()) {
            throw top.error("guests", "a scenario needs at least one guest under 'guests'");
        }
        if (host.fixedMemory()) {
            if (ratiosGiven) {
                throw top.error("overcommit", "overcommit and host.memoryMiB exclude each other: host memory is either "
                        + "derived from overcommit ratios or fixed; give one");
            }
            overcommit = List.of(fixedRatio(guests, host.memoryMiB()));
        }
        YamlMapping costSection = top.section("costs");
        CostModel costs = CostModel.read(costSection, host.device());
        YamlMapping migrationSection = top.section("migration");
        MigrationSpec migration = top.has("migration") ? MigrationSpec.read(migrationSection, duration) : null;
        Storage storage = Storage.read(top.section("storage"));
        YamlMapping densitySection = top.section("density");
        Density density = top.has("density") ? Density.read(densitySection) : null;
        if (density != null && guests.size() != 1) {
            throw top.error("density", "a density search adds guests of one kind: it needs exactly one entry under 'guests', had "
                    + guests.size());
        }
        top.done();
        return new Scenario(name, seed, duration, warmup, overcommit, policies, policyParams, host, guests, costs,
                migration, density, storage);
    }

    private static Scenario.Host host(YamlMapping s) {
        Arch arch = Arch.of(s.choice("arch", Arch.S390.id(), Arch.ids()));
        HostMode mode = HostMode.of(s.choice("mode", HostMode.ZVM.id(), HostMode.ids()));
        String replacement = s.choice("replacement", ReplacementPolicies.DEFAULT, ReplacementNames.withoutFuture());
        String device = s.choice("device", CostModel.DEFAULT_DEVICE, CostModel.devices());
        int channels = (int) s.integer("pagingChannels", 1, 1, 1024);
        double low = s.number("lowWatermark", 0.01, 0, 0.5);
        double high = s.number("highWatermark", 0.02, 0, 0.5);
        if (high < low) {
            throw s.error("highWatermark", "host.highWatermark must be at least host.lowWatermark (" + low + ")");
        }
        double sample = s.number("sampleSeconds", 1, 1e-3, 1e6);
        int memory = (int) s.integer("memoryMiB", 0, 1, 1 << 23);
        int xstor = (int) s.integer("xstorMiB", 0, 0, 1 << 16);
        if (xstor > 0 && mode != HostMode.ZVM) {
            throw s.error("xstorMiB", "host.xstorMiB is z/VM's expanded storage; host.mode is " + mode.id()
                    + ", which has none");
        }
        s.done();
        return new Scenario.Host(mode, replacement, device, channels, low, high, sample, memory, xstor, arch);
    }

    /**
     * Guest memory (each guest's maximum) over a fixed host memory, to three decimals: the one ratio
     * such a scenario runs at, a label for reports (the machine takes the host size itself).
     */
    private static double fixedRatio(List<Scenario.GuestGroup> guests, int hostMiB) {
        long guestMiB = 0;
        for (Scenario.GuestGroup g : guests) {
            guestMiB += (long) g.count() * g.maxMemoryMiB();
        }
        return Math.round(guestMiB * 1000.0 / hostMiB) / 1000.0;
    }

    private static Scenario.GuestGroup guest(YamlMapping g, HostMode mode) {
        String name = g.text("name", "guest");
        int count = (int) g.integer("count", 1, 1, 100_000);
        int memory = (int) g.integer("memoryMiB", 1024, 4, 1 << 22);
        int swap = (int) g.integer("swapMiB", memory / 2, 0, 1 << 22);
        int max = (int) g.integer("maxMemoryMiB", memory, 4, 1 << 22);
        if (max < memory) {
            throw g.error("maxMemoryMiB", g.where() + ".maxMemoryMiB must be at least its memoryMiB (" + memory
                    + "), was " + max);
        }
        String workload = g.text("workload", null);
        if (workload == null) {
            throw g.error("workload", g.where() + " needs a workload; known workloads: " + String.join(", ", Workloads.names()));
        }
        YamlMapping params = g.section("params");
        WorkloadSpec spec = Workloads.parse(workload, params, g, "workload");
        int vcpus = (int) g.integer("vcpus", 1, 1, KernelConfig.MAX_VCPUS);
        if (vcpus > 1 && !Workloads.forSeveralVcpus().contains(workload)) {
            throw g.error("vcpus", g.where() + ".vcpus is " + vcpus + ", but workload " + workload
                    + " runs on one vCPU only; workloads for several: " + String.join(", ", Workloads.forSeveralVcpus()));
        }
        boolean largeFrames = largeFrames(g, mode, memory, max);
        Scenario.GuestGroup group = new Scenario.GuestGroup(name, count, memory, swap, spec, max, vcpus, largeFrames);
        g.done();
        return group;
    }

    /**
     * {@code largeFrames}: whether the group's guests are backed by 2 MiB host frames. Their memory
     * must then be whole 2 MiB frames, and the host must not be {@code kvm}: that mode is KVM with
     * CMMA enabled, and KVM enables CMMA only for a guest that may not use huge pages
     * ({@code kvm_s390_set_mem_control} in {@code arch/s390/kvm/kvm-s390.c}, Linux 6.12, answers
     * {@code KVM_S390_VM_MEM_ENABLE_CMMA} with {@code -EINVAL} once {@code KVM_CAP_S390_HPAGE_1M}
     * has set {@code allow_gmap_hpage_1m}, and enabling that capability is refused once CMMA is on).
     * A policy that runs the host in another mode than the scenario's is checked by the machine.
     */
    private static boolean largeFrames(YamlMapping g, HostMode mode, int memory, int max) {
        boolean large = g.flag("largeFrames", false);
        if (!large) {
            return false;
        }
        if (mode == HostMode.KVM) {
            throw g.error("largeFrames", g.where() + ".largeFrames is true, but host.mode is kvm: KVM enables CMMA only "
                    + "for a guest that is not backed by huge pages; back it with 4 KiB frames or use host.mode zvm");
        }
        if (max % LARGE_FRAME_MIB != 0) {
            String key = g.has("maxMemoryMiB") ? "maxMemoryMiB" : "memoryMiB";
            throw g.error(key, g.where() + "." + key + " must be a multiple of " + LARGE_FRAME_MIB
                    + " for a guest backed by 2 MiB frames (largeFrames: true), was " + max);
        }
        return true;
    }
}
