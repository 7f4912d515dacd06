package org.cmmalab.harness.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Metric;

/** The metric names an option accepts: every {@link Metric#key()}, which help and errors list from here. */
final class MetricKeys implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return List.of(Metric.values()).stream().map(Metric::key).iterator();
    }

    /** The metrics {@code keys} name, in their order; every metric if null. */
    static List<Metric> parse(String option, List<String> keys) {
        if (keys == null) {
            return List.of(Metric.values());
        }
        List<Metric> metrics = new ArrayList<>();
        for (String key : keys) {
            Metric m = Metric.byKey(key);
            if (m == null) {
                throw new InputError(option + ": no metric is named '" + InputError.excerpt(key) + "'; the metrics: "
                        + String.join(", ", new MetricKeys()));
            }
            metrics.add(m);
        }
        return metrics;
    }
}
