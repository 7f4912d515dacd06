package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests {@code deploy/kubernetes/render} writes for a planned sweep: an Indexed
 * Job of one completion per run, its pods' heap and memory from the largest task's planned heap,
 * and the merge Job. With no cluster here, the
 * test plays the pods: it runs each container's command as the manifest states it, with the claim's
 * mount point on a temporary directory and {@code JOB_COMPLETION_INDEX} set as Kubernetes sets it,
 * then the merge's, and compares the merged JSON with the sweep on one machine, byte for byte.
 */
class KubernetesManifestIT {
    @TempDir
    Path dir;

    @Test
    void theIndexedJobsPodsAndTheMergeGiveTheOneMachineJson() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("harness/target/cmma.jar");
        Path study = Files.createDirectories(dir.resolve("study"));
        Path scenario = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        Processes.output(List.of("java", "-jar", jar.toString(), "sweep", "--scenario", scenario.toString(), "--seeds", "7,8,9",
                "--plan", study.resolve("plan.jsonl").toString()), Map.of());
        Path manifests = dir.resolve("manifests");
        Processes.output(List.of(root.resolve("deploy/kubernetes/render").toString(), study.resolve("plan.jsonl").toString(), "small-sweep",
                "registry.example/cmma:1", "cmma-study", manifests.toString()), Map.of());
        int heap = 0;
        for (String task : Files.readAllLines(study.resolve("plan.jsonl"))) {
            heap = Math.max(heap, new ObjectMapper().readTree(task).get("heapMiB").asInt());
        }
        assertEquals(256, heap, "the small sweep's runs: the smallest heap a task is given");

        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode runs = yaml.readTree(manifests.resolve("runs.yaml").toFile());
        assertEquals("Job", runs.get("kind").asText());
        assertEquals("small-sweep-runs", runs.get("metadata").get("name").asText());
        assertEquals("Indexed", runs.get("spec").get("completionMode").asText());
        assertEquals(6, runs.get("spec").get("completions").asInt(), "three seeds x two policies");
        JsonNode pod = runs.get("spec").get("template").get("spec");
        JsonNode container = pod.get("containers").get(0);
        assertEquals("registry.example/cmma:1", container.get("image").asText());
        assertEquals((heap + 512) + "Mi", container.get("resources").get("requests").get("memory").asText(),
                "the largest task's heap + 512 (deploy/job-memory-mib)");
        assertEquals(container.get("resources").get("requests").get("memory"), container.get("resources").get("limits").get("memory"));
        assertTrue(container.get("command").toString().contains("\"-Xmx" + heap + "m\""), container.get("command").toString());
        assertEquals("cmma-study", pod.get("volumes").get(0).get("persistentVolumeClaim").get("claimName").asText());
        String mount = container.get("volumeMounts").get(0).get("mountPath").asText();

        List<String> command = new ArrayList<>();
        container.get("command").forEach(c -> command.add(onThisMachine(c.asText(), jar, mount, study)));
        for (int i = 0; i < 6; i++) {
            Processes.output(command, Map.of("JOB_COMPLETION_INDEX", String.valueOf(i)));
        }
        JsonNode merge = yaml.readTree(manifests.resolve("merge.yaml").toFile());
        assertEquals("small-sweep-merge", merge.get("metadata").get("name").asText());
        List<String> mergeCommand = new ArrayList<>();
        merge.get("spec").get("template").get("spec").get("containers").get(0).get("command")
                .forEach(c -> mergeCommand.add(onThisMachine(c.asText(), jar, mount, study)));
        Processes.output(mergeCommand, Map.of());

        String oneMachine = Processes.output(List.of("java", "-jar", jar.toString(), "sweep", "--scenario", scenario.toString(), "--seeds",
                "7,8,9", "--json"), Map.of());
        assertEquals(oneMachine, Files.readString(study.resolve("results/study.json"), StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(study.resolve("results/report/small-seed-9")));
    }

    /** A container's argument as it runs here: the image's jar is the build's, the claim's mount point a directory. */
    private static String onThisMachine(String arg, Path jar, String mount, Path study) {
        return arg.replace("/opt/cmma/cmma.jar", jar.toString())
                .replaceAll(Pattern.quote(mount) + "(?=/|\\s|$)", Matcher.quoteReplacement(study.toString()));
    }
}
