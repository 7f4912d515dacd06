package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * The numbers the page's charts draw, as one JSON object in the page: every run's metrics, its
 * guests' metrics and its host memory series; each metric's unit, direction and whether it counts
 * things (how its values are written, {@link ComparisonNumbers}); the sums the finding calls host
 * paging and guest I/O; the host's capacity at each ratio and the warm-up, which the host memory
 * charts mark; each policy's colour and dashes ({@link PolicyStyle}). Everything the page
 * computes comes from here, so that its charts and the tables and finding beside them cannot
 * disagree.
 */
final class ComparisonPageData {
    private ComparisonPageData() {
    }

    static ObjectNode toJson(Comparison comparison, ReportContext context, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", comparison.scenario());
        root.put("seed", comparison.seed());
        root.put("warmupSeconds", context.scenario().warmupSeconds());
        root.put("durationSeconds", context.scenario().durationSeconds());
        Metric headline = Finding.headline(comparison);
        if (headline == null) {
            root.putNull("headline");
        } else {
            root.put("headline", headline.key());
        }
        ArrayNode policies = root.putArray("policies");
        ObjectNode styles = root.putObject("styles");
        List<String> names = ComparisonBlock.policies(comparison);
        for (int i = 0; i < names.size(); i++) {
            policies.add(names.get(i));
            ObjectNode style = styles.putObject(names.get(i)).put("colour", PolicyStyle.colour(i));
            PolicyStyle.dash(i).forEach(style.putArray("dash")::add);
        }
        ArrayNode ratios = root.putArray("ratios");
        for (ComparisonBlock block : ComparisonBlock.of(comparison)) {
            ratios.addObject().put("overcommit", block.overcommit()).put("name", ComparisonNumbers.ratio(block.overcommit()))
                    .put("capacityMiB", ScenarioText.capacityMiB(context.scenario(), block.overcommit()));
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Metric m : Metric.values()) {
            metrics.addObject().put("key", m.key()).put("unit", m.unit()).put("description", m.description())
                    .put("better", m.better().words())
                    .put("count", ComparisonNumbers.isCount(m));
        }
        ArrayNode hostPaging = root.putArray("hostPaging");
        Finding.HOST_PAGING.forEach(m -> hostPaging.add(m.key()));
        ArrayNode guestIo = root.putArray("guestIo");
        Finding.GUEST_IO.forEach(m -> guestIo.add(m.key()));
        ArrayNode runs = root.putArray("runs");
        for (RunResult run : comparison.results()) {
            ObjectNode node = runs.addObject();
            node.put("policy", run.policy());
            node.put("overcommit", run.overcommit());
            putMetrics(node.putObject("metrics"), run.total());
            ArrayNode guests = node.putArray("guests");
            for (RunResult.GuestResult guest : run.guests()) {
                ObjectNode g = guests.addObject();
                g.put("name", guest.name());
                putMetrics(g.putObject("metrics"), guest.metrics());
            }
            ObjectNode memory = node.putObject("hostMemory");
            memory.put("unit", run.hostMemory().unit());
            ArrayNode seconds = memory.putArray("seconds");
            for (double s : run.hostMemory().seconds()) {
                seconds.add(s);
            }
            ArrayNode values = memory.putArray("values");
            for (double v : run.hostMemory().values()) {
                values.add(v);
            }
        }
        return root;
    }

    /** The metrics present, by key; a NaN (not measured) as null. */
    private static void putMetrics(ObjectNode node, Map<Metric, Double> values) {
        for (Metric m : Metric.values()) {
            Double v = values.get(m);
            if (v == null) {
                continue;
            }
            if (Double.isFinite(v)) {
                node.put(m.key(), v);
            } else {
                node.putNull(m.key());
            }
        }
    }
}
