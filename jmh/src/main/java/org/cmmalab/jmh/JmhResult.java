package org.cmmalab.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * One benchmark of a JMH JSON result file ({@code -rf json}), reduced to what {@link Summary}
 * prints: the median of the raw iteration scores (over all forks) and their spread, the allocation per operation
 * if {@code -prof gc} ran, the per-thread scores of a {@code @Group} benchmark, and the totals of
 * its {@code @AuxCounters} event counters.
 *
 * @param benchmark the class and method, such as {@code StateChangeBenchmark.essa4k}
 * @param params    the parameters, such as {@code orc=SET_UNUSED}, or an empty string
 * @param unit      the primary metric's unit, such as {@code ns/op}
 * @param median    the median of the primary metric's raw iteration scores
 * @param samples   how many iteration scores that median is taken over
 * @param spread    the interquartile range of those scores over their median: 0.05 when the middle
 *                  half of the iterations lie within 5% of the median's size of each other
 * @param allocNorm {@code gc.alloc.rate.norm} in bytes per operation, the median of its raw scores
 * @param threads   a group benchmark's per-method medians, by method name, in the primary unit
 * @param counters  event counters, by name, summed over all iterations
 *
 * <p>A benchmark that counts its own operations in an {@code @AuxCounters(OPERATIONS)} field named
 * {@value #PER_REFERENCE} (JMH reports it in the primary unit, per counted reference) is read per
 * reference: its scores are that metric's, its unit {@code ns/ref} for {@code ns/op}, and its
 * allocation is divided by the references per operation.
 */
record JmhResult(String benchmark, String params, String unit, double median, int samples, double spread,
                 OptionalDouble allocNorm, Map<String, Double> threads, Map<String, Double> counters) {

    /** The {@code @AuxCounters(OPERATIONS)} field of a benchmark whose operations are references. */
    static final String PER_REFERENCE = "references";
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";
    private static final String EVENTS_UNIT = "#";

    /** The method name: the last part of {@link #benchmark}. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The value of parameter {@code name} ({@code -p name=value}), or null if the benchmark has none. */
    String param(String name) {
        for (String p : params.split(" ")) {
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Reads every benchmark of a JMH JSON result file; an {@link IOException} naming the file if it is not one. */
    static List<JmhResult> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": not a JMH result file (expected a JSON array of benchmarks)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode b : root) {
            results.add(of(file, b));
        }
        return results;
    }

    private static JmhResult of(Path file, JsonNode b) throws IOException {
        String name = text(file, b, "benchmark");
        JsonNode primary = b.path("primaryMetric");
        double[] raw = rawScores(primary);
        if (raw.length == 0) {
            throw new IOException(file + ": benchmark " + name + " has no primaryMetric scores");
        }
        String unit = text(file, primary, "scoreUnit");
        OptionalDouble alloc = OptionalDouble.empty();
        double[] perReference = new double[0];
        Map<String, Double> threads = new LinkedHashMap<>();
        Map<String, Double> counters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : b.path("secondaryMetrics").properties()) {
            String metric = m.getKey().startsWith("\u00b7") ? m.getKey().substring(1) : m.getKey();
            double[] scores = rawScores(m.getValue());
            if (scores.length == 0) {
                continue;
            }
            String metricUnit = m.getValue().path("scoreUnit").asText();
            if (metric.equals(ALLOC_NORM)) {
                alloc = OptionalDouble.of(median(scores));
            } else if (metricUnit.equals(EVENTS_UNIT)) {
                counters.put(metric, Arrays.stream(scores).sum());
            } else if (metric.equals(PER_REFERENCE) && metricUnit.equals(unit)) {
                perReference = scores;
            } else if (metricUnit.equals(unit) && !metric.startsWith("gc.")) {
                threads.put(metric, median(scores));
            }
        }
        if (perReference.length > 0) {
            double referencesPerOp = median(raw) / median(perReference);
            if (alloc.isPresent()) {
                alloc = OptionalDouble.of(alloc.getAsDouble() / referencesPerOp);
            }
            raw = perReference;
            unit = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) + "/ref" : unit;
        }
        double median = median(raw);
        double spread = (quantile(raw, 0.75) - quantile(raw, 0.25)) / median;
        return new JmhResult(shortName(name), params(b.path("params")), unit, median, raw.length, spread,
                alloc, threads, counters);
    }

    /** The median of {@code values}, the mean of the middle two for an even count; NaN for none. */
    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The {@code q} quantile of {@code values}, interpolating linearly between ranks; NaN for none. */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /** A metric's raw iteration scores over all forks; its 50th percentile, or its score, if raw data is missing. */
    private static double[] rawScores(JsonNode metric) {
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode score : fork) {
                if (score.isNumber()) {
                    scores.add(score.asDouble());
                }
            }
        }
        if (scores.isEmpty()) {
            JsonNode p50 = metric.path("scorePercentiles").path("50.0");
            JsonNode fallback = p50.isNumber() ? p50 : metric.path("score");
            if (fallback.isNumber()) {
                scores.add(fallback.asDouble());
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String text(Path file, JsonNode node, String field) throws IOException {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IOException(file + ": a benchmark entry has no '" + field + "'");
        }
        return value.asText();
    }

    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(type + 1);
    }

    private static String params(JsonNode params) {
        StringJoiner joined = new StringJoiner(" ");
        for (Map.Entry<String, JsonNode> p : params.properties()) {
            joined.add(p.getKey() + "=" + p.getValue().asText());
        }
        return joined.toString();
    }
}
