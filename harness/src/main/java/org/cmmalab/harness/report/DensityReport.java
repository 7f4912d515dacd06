package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cmmalab.harness.result.DensityResult;

/**
 * A density search's result as a console table, as {@value #CSV} and as {@value #JSON} (what
 * {@code --json} prints). Field names, in JSON and in the CSV header, are a published format:
 * <pre>
 * {"scenario": NAME, "seed": N, "hostMemoryGiB": X, "usableMemoryGiB": X, "guestMiB": N, "wallSeconds": S,
 *  "policies": [{"policy": NAME, "guests": N, "searchCapped": B, "failedAt": N, "failure": TEXT, "notFinished": TEXT,
 *                "hostMemoryMeanGiB": X, "hostMemoryMinGiB": X, "hostMemoryMaxGiB": X,
 *                "hostDaemonCpuPercent": X, "guestCpuPercent": X,
 *                "runs": [{"guests": N, "held": B, "hostPageOuts": N, "guestOoms": N, "outOfHeap": B,
 *                          "guess": N, "wallSeconds": S}, ...]}, ...]}
 * </pre>
 * {@code searchCapped} is true when the search's maximum was held, so the answer is a lower
 * bound; {@code failedAt} is then 0. {@code notFinished} is null when the search finished, and
 * otherwise says why it stopped (a run did not fit the heap): {@code guests} is then a lower bound
 * and {@code failedAt}, if not 0, an upper one. Memory and CPU are after warm-up, at {@code guests}; null
 * when no count was held.
 */
public final class DensityReport {
    public static final String CSV = "density.csv";
    public static final String JSON = "density.json";

    private DensityReport() {
    }

    private static List<DensityRow> rows(DensityResult d, double warmupSeconds, double durationSeconds) {
        List<DensityRow> rows = new ArrayList<>();
        for (DensityResult.PolicyDensity p : d.policies()) {
            rows.add(DensityRow.of(p, warmupSeconds, durationSeconds));
        }
        return rows;
    }

    /** The console table. */
    public static void print(DensityResult d, double warmupSeconds, double durationSeconds, PrintStream out) {
        out.printf(Locale.ROOT, "%s: guests of %d MiB on a host of %.0f GiB (%.0f GiB usable), seed %d%n",
                d.scenario(), d.guestMiB(), d.hostMemoryGiB(), d.usableGiB(), d.seed());
        out.println("service level: no host page-out in the whole run, no guest allocation failure after warm-up");
        out.printf(Locale.ROOT, "%-28s %7s %9s %28s %10s %10s %5s %7s%n", "policy", "guests", "fails at",
                "host GiB mean / min / max", "daemon %", "guest %", "runs", "runs s");
        for (DensityRow r : rows(d, warmupSeconds, durationSeconds)) {
            out.printf(Locale.ROOT, "%-28s %7s %9s %28s %10s %10s %5d %7.0f%n", r.policy(), r.heldNote() + r.guests(),
                    r.failedAt() == 0 ? "-" : Integer.toString(r.failedAt()),
                    String.format(Locale.ROOT, "%.1f / %.1f / %.1f", r.meanGiB(), r.minGiB(), r.maxGiB()),
                    String.format(Locale.ROOT, "%.2f", r.hostDaemonCpuPercent()),
                    String.format(Locale.ROOT, "%.2f", r.guestCpuPercent()), r.runs(), r.runsWallSeconds());
        }
        for (DensityRow r : rows(d, warmupSeconds, durationSeconds)) {
            if (!r.notFinished().isEmpty()) {
                out.printf(Locale.ROOT, "%s: %s%n", r.policy(), r.notFinished());
            }
        }
        out.printf(Locale.ROOT, "searched in %.1f s of wall time%n", d.wallSeconds());
    }

    /** The JSON object. */
    public static ObjectNode toJson(DensityResult d, double warmupSeconds, double durationSeconds, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", d.scenario());
        root.put("seed", d.seed());
        root.put("hostMemoryGiB", d.hostMemoryGiB());
        root.put("usableMemoryGiB", d.usableGiB());
        root.put("guestMiB", d.guestMiB());
        root.put("wallSeconds", d.wallSeconds());
        ArrayNode policies = root.putArray("policies");
        List<DensityRow> rows = rows(d, warmupSeconds, durationSeconds);
        for (int i = 0; i < rows.size(); i++) {
            DensityRow r = rows.get(i);
            ObjectNode p = policies.addObject();
            p.put("policy", r.policy());
            p.put("guests", r.guests());
            p.put("searchCapped", r.failedAt() == 0 && r.notFinished().isEmpty());
            p.put("failedAt", r.failedAt());
            p.put("failure", r.failure());
            if (r.notFinished().isEmpty()) {
                p.putNull("notFinished");
            } else {
                p.put("notFinished", r.notFinished());
            }
            number(p, "hostMemoryMeanGiB", r.meanGiB());
            number(p, "hostMemoryMinGiB", r.minGiB());
            number(p, "hostMemoryMaxGiB", r.maxGiB());
            number(p, "hostDaemonCpuPercent", r.hostDaemonCpuPercent());
            number(p, "guestCpuPercent", r.guestCpuPercent());
            p.put("runsWallSeconds", r.runsWallSeconds());
            ArrayNode runs = p.putArray("runs");
            DensityResult.PolicyDensity pd = d.policies().get(i);
            for (int j = 0; j < pd.runs().size(); j++) {
                DensityResult.Trial t = pd.runs().get(j);
                ObjectNode o = runs.addObject();
                o.put("guests", t.guests());
                o.put("held", t.held());
                o.put("hostPageOuts", t.hostPageOuts());
                o.put("guestOoms", t.failures());
                o.put("outOfHeap", t.outOfHeap());
                o.put("guess", t.guess());
                o.put("wallSeconds", pd.runWallSeconds().get(j));
            }
        }
        return root;
    }

    /** Checks, before the search, that its report can be written to {@code outDir}; writes nothing. */
    public static ReportDirectory check(Path outDir) {
        return ReportDirectory.check(outDir, file -> file.toString().equals(CSV) || file.toString().equals(JSON));
    }

    /** Writes {@value #JSON} and {@value #CSV} into a checked directory, both or neither. */
    public static List<Path> write(DensityResult d, double warmupSeconds, double durationSeconds, ReportDirectory dir) {
        return dir.write(staging -> {
            ObjectMapper mapper = new ObjectMapper();
            Files.writeString(staging.resolve(JSON), mapper.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(toJson(d, warmupSeconds, durationSeconds, mapper)), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(CSV), csv(d, warmupSeconds, durationSeconds), StandardCharsets.UTF_8);
            return List.of(JSON, CSV);
        });
    }

    private static String csv(DensityResult d, double warmupSeconds, double durationSeconds) {
        StringBuilder csv = new StringBuilder("policy,guests,searchCapped,failedAt,hostMemoryMeanGiB,hostMemoryMinGiB,"
                + "hostMemoryMaxGiB,hostDaemonCpuPercent,guestCpuPercent,runs,runsWallSeconds,notFinished\r\n");
        for (DensityRow r : rows(d, warmupSeconds, durationSeconds)) {
            csv.append(String.join(",", r.policy(), Integer.toString(r.guests()), Boolean.toString(r.failedAt() == 0 && r.notFinished().isEmpty()),
                    Integer.toString(r.failedAt()), plain(r.meanGiB()), plain(r.minGiB()), plain(r.maxGiB()),
                    plain(r.hostDaemonCpuPercent()), plain(r.guestCpuPercent()), Integer.toString(r.runs()),
                    plain(Math.round(r.runsWallSeconds() * 10) / 10.0), quoted(r.notFinished()))).append("\r\n");
        }
        return csv.toString();
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** A CSV field: empty, or quoted (the text has commas and parentheses). */
    private static String quoted(String text) {
        return text.isEmpty() ? "" : '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
