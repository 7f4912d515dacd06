package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planned sweep on a real Slurm cluster: Debian's {@code slurmctld} and {@code slurmd} started
 * on this machine ({@code deploy/slurm/local-cluster}), the sweep's runs submitted as an array job
 * with its dependent merge job ({@code deploy/slurm/submit}), and the merged JSON compared byte for
 * byte with the same sweep run on one machine. Runs after {@code package}, on the jar the job
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
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        Path cluster = dir.resolve("cluster");
        String conf = Processes.output(List.of(slurm.resolve("local-cluster").toString(), "start", cluster.toString()), Map.of());
        Map<String, String> env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(),
                "CMMA_JAR", jar.toString(), "CMMA_HEAP", "1g");
        try {
            assertTrue(conf.contains("SLURM_CONF="), conf);
            Processes.output(List.of("java", "-jar", jar.toString(), "sweep", "--scenario", scenario.toString(), "--seeds", "7,8",
                    "--plan", plan.toString()), Map.of());
            String jobs = Processes.output(List.of(slurm.resolve("submit").toString(), plan.toString(), results.toString()), env);
            assertEquals(2, jobs.trim().split(" ").length, "an array job and a merge job: " + jobs);
            Path merged = results.resolve("study.json");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(JOB_MINUTES);
            while (!Files.exists(merged) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(Files.exists(merged), "no merged study.json after " + JOB_MINUTES + " minutes; squeue: "
                    + Processes.output(List.of("squeue"), env) + "; results: " + listing(results));
            String oneMachine = Processes.output(List.of("java", "-jar", jar.toString(), "sweep", "--scenario", scenario.toString(),
                    "--seeds", "7,8", "--json"), Map.of());
            assertEquals(oneMachine, Files.readString(merged, StandardCharsets.UTF_8));
            assertTrue(Files.isDirectory(results.resolve("report").resolve("small-seed-8")));
        } finally {
            Processes.output(List.of(slurm.resolve("local-cluster").toString(), "stop", cluster.toString()), Map.of());
        }
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
