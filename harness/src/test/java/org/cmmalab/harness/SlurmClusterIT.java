package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planned sweep on a real Slurm cluster: Debian's {@code slurmctld} and {@code slurmd} started
 * on this machine ({@code deploy/slurm/local-cluster}), the sweep's runs submitted as one array job
 * per heap class, each asking for the memory of its tasks' planned heap, with the dependent merge
 * job ({@code deploy/slurm/submit}), and the merged JSON compared byte for byte with the same sweep
 * run on one machine. The sweep's second scenario needs twice the heap of the first at its lower
 * ratio, so the classes' index lists are not ranges. Runs after {@code package}, on the jar the job
 * files run; it needs root and the {@code slurm-wlm} and {@code munge} packages, which
 * {@code .ci/run} installs ({@code mvn -B verify -pl harness -am -Dit.test=SlurmClusterIT} runs it
 * alone).
 */
class SlurmClusterIT {
    private static final long JOB_MINUTES = 4;

    @TempDir
    Path dir;

    @Test
    void aSweepRunAsAnArrayJobMergesToTheOneMachineJson() throws Exception {
        assumeTrue(onPath("slurmctld") && onPath("slurmd") && onPath("munged"),
                "Slurm is not installed: apt-get install slurm-wlm munge (.ci/run does)");
        assumeTrue("0".equals(Processes.output(List.of("id", "-u"), Map.of()).trim()), "slurmd launches jobs as root");
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("harness/target/cmma.jar");
        Path slurm = root.resolve("deploy/slurm");
        Path scenario = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        Path larger = Files.writeString(dir.resolve("larger.yaml"), LARGER);
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        Path cluster = dir.resolve("cluster");
        String conf = Processes.output(List.of(slurm.resolve("local-cluster").toString(), "start", cluster.toString()), Map.of());
        Map<String, String> env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(),
                "CMMA_JAR", jar.toString());
        List<String> sweep = List.of("java", "-jar", jar.toString(), "sweep", "--scenario", scenario.toString(),
                "--scenario", larger.toString(), "--seeds", "7,8");
        try {
            assertTrue(conf.contains("SLURM_CONF="), conf);
            Processes.output(concat(sweep, "--plan", plan.toString()), Map.of());
            Map<Integer, List<Integer>> byHeap = new TreeMap<>();
            List<String> tasks = Files.readAllLines(plan);
            for (int i = 0; i < tasks.size(); i++) {
                byHeap.computeIfAbsent(new ObjectMapper().readTree(tasks.get(i)).get("heapMiB").asInt(), h -> new ArrayList<>())
                        .add(i);
            }
            assertEquals(Map.of(256, List.of(0, 1, 2, 3, 5, 7), 512, List.of(4, 6)), byHeap,
                    "the small scenario's runs and the larger's at 8.0 in one class, the larger's at 1.0 in another");
            String[] jobs = Processes.output(List.of(slurm.resolve("submit").toString(), plan.toString(), results.toString()), env)
                    .trim().split(" ");
            assertEquals(3, jobs.length, "an array job per heap class and a merge job: " + String.join(" ", jobs));
            List<Integer> heaps = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                String job = Processes.output(List.of("scontrol", "show", "job", "-o", jobs[a]), env);
                List<Integer> indices = new ArrayList<>();
                for (String line : job.split("\n")) {
                    Matcher m = Pattern.compile("ArrayTaskId=(\\S+)").matcher(line);
                    if (m.find()) {
                        indices.addAll(expand(m.group(1)));
                    }
                }
                Collections.sort(indices);
                int heap = byHeap.entrySet().stream().filter(e -> e.getValue().equals(indices)).findFirst()
                        .orElseThrow(() -> new AssertionError("an array of tasks " + indices + ", not a heap class's: " + job))
                        .getKey();
                assertEquals(heap + 512, memoryMiB(job), "the heap class's memory (deploy/job-memory-mib): " + job);
                heaps.add(heap);
            }
            Collections.sort(heaps);
            assertEquals(List.copyOf(byHeap.keySet()), heaps, "one array per heap class");
            Path merged = results.resolve("study.json");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(JOB_MINUTES);
            while (!Files.exists(merged) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(Files.exists(merged), "no merged study.json after " + JOB_MINUTES + " minutes; squeue: "
                    + Processes.output(List.of("squeue"), env) + "; results: " + listing(results));
            String oneMachine = Processes.output(concat(sweep, "--json"), Map.of());
            assertEquals(oneMachine, Files.readString(merged, StandardCharsets.UTF_8));
            assertTrue(Files.isDirectory(results.resolve("report").resolve("small-seed-8")));
        } finally {
            Processes.output(List.of(slurm.resolve("local-cluster").toString(), "stop", cluster.toString()), Map.of());
        }
    }

    /** Four idle guests of 2 GiB: 512 MiB of heap at overcommit 1.0, 256 at 8.0. */
    private static final String LARGER = String.join("\n",
            "name: larger",
            "durationSeconds: 2",
            "overcommit: [1.0, 8.0]",
            "policies: [none]",
            "guests:",
            "  - {name: vm, count: 4, memoryMiB: 2048, swapMiB: 0, workload: idle, params: {bootFilePages: 256, daemonPages: 256}}",
            "");

    private static List<String> concat(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }

    /** The memory a job asked for, from scontrol's line ({@code MinMemoryNode=768M}, or {@code 1G}). */
    private static int memoryMiB(String job) {
        Matcher m = Pattern.compile("MinMemoryNode=(\\d+)([MG])").matcher(job);
        assertTrue(m.find(), job);
        return Integer.parseInt(m.group(1)) * (m.group(2).equals("G") ? 1024 : 1);
    }

    /** The indices of an array task id as scontrol shows it: 4, or [0-3,5,7%16] for tasks not yet started. */
    private static List<Integer> expand(String ids) {
        List<Integer> out = new ArrayList<>();
        for (String part : ids.replaceAll("[\\[\\]]|%\\d+", "").split(",")) {
            String[] ends = part.split("-");
            for (int i = Integer.parseInt(ends[0]); i <= Integer.parseInt(ends[ends.length - 1]); i++) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool).start().waitFor() == 0;
    }


    private static String listing(Path d) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(d)) {
            try (var s = Files.list(d)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names.toString();
    }
}
