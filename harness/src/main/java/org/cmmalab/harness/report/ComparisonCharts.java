package org.cmmalab.harness.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A comparison as PNG line charts (XChart, drawn off screen), one line per policy:
 * <ul>
 * <li>{@value #THROUGHPUT}: throughput against overcommit;</li>
 * <li>{@value #HOST_IO}: host page I/O (page-ins plus page-outs) against overcommit;</li>
 * <li>{@code host-memory-RATIO.png} ({@link #hostMemoryFile}): host memory in use over virtual
 *     time, one chart per overcommit ratio. One per ratio rather than the highest only, because
 *     the shape changes with pressure (flat at 1.0, a fight for memory at 3.0) and the page shows
 *     each under its own table. A ratio with no samples gets no chart.</li>
 * </ul>
 * Value axes start at 0; a policy has the same color in every chart. File names depend only on
 * the ratios, so a rerun replaces the same files. Loading this class
 * sets {@code java.awt.headless=true}: a report never opens a window, and a server has no display.
 */
public final class ComparisonCharts {
    public static final String THROUGHPUT = "throughput.png";
    public static final String HOST_IO = "host-io.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND, SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS, SeriesMarkers.OVAL};
    private static final String OVERCOMMIT_AXIS = "overcommit (guest memory / host memory)";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ComparisonCharts() {
    }

    /** The host memory chart of {@code overcommit}, such as {@code host-memory-2.0.png}. */
    public static String hostMemoryFile(double overcommit) {
        return "host-memory-" + ComparisonNumbers.ratio(overcommit) + ".png";
    }

    /** Draws every chart into {@code dir} and returns the files, in the order listed above. */
    public static List<Path> write(Comparison comparison, Path dir) throws IOException {
        List<ComparisonBlock> blocks = ComparisonBlock.of(comparison);
        List<Path> files = new ArrayList<>();
        files.add(save(againstOvercommit(comparison, blocks, "Throughput",
                Metric.THROUGHPUT.key() + " (" + Metric.THROUGHPUT.unit() + ")",
                run -> run.get(Metric.THROUGHPUT)), dir.resolve(THROUGHPUT)));
        files.add(save(againstOvercommit(comparison, blocks, "Host page I/O",
                "host page-ins + page-outs (" + Metric.HOST_PAGE_INS.unit() + ")",
                run -> run.get(Metric.HOST_PAGE_INS) + run.get(Metric.HOST_PAGE_OUTS)), dir.resolve(HOST_IO)));
        for (ComparisonBlock block : blocks) {
            XYChart chart = hostMemory(comparison, block);
            if (!chart.getSeriesMap().isEmpty()) {
                files.add(save(chart, dir.resolve(hostMemoryFile(block.overcommit()))));
            }
        }
        return files;
    }

    private static XYChart againstOvercommit(Comparison comparison, List<ComparisonBlock> blocks, String what,
                                             String yAxis, ToDoubleFunction<RunResult> value) {
        XYChart chart = chart(what + " against overcommit: " + comparison.scenario() + ", seed " + comparison.seed(),
                OVERCOMMIT_AXIS, yAxis);
        chart.getStyler().setXAxisDecimalPattern("0.0#");
        for (String policy : ComparisonBlock.policies(comparison)) {
            List<Double> ratios = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (ComparisonBlock block : blocks) {
                RunResult run = block.result(policy);
                if (run != null) {
                    ratios.add(block.overcommit());
                    values.add(value.applyAsDouble(run));
                }
            }
            paint(chart, chart.addSeries(policy, ratios, values), comparison, policy);
        }
        return chart;
    }

    private static XYChart hostMemory(Comparison comparison, ComparisonBlock block) {
        String unit = "";
        List<RunResult> runs = new ArrayList<>();
        for (String policy : block.policies()) {
            RunResult run = block.result(policy);
            if (run != null && run.hostMemory().seconds().length > 0) {
                runs.add(run);
                unit = run.hostMemory().unit();
            }
        }
        XYChart chart = chart("Host memory in use at overcommit " + ComparisonNumbers.ratio(block.overcommit())
                + ": " + comparison.scenario() + ", seed " + comparison.seed(),
                "virtual time (s)", "host memory in use (" + unit + ")");
        for (RunResult run : runs) {
            XYSeries series = chart.addSeries(run.policy(), run.hostMemory().seconds(), run.hostMemory().values());
            series.setMarker(SeriesMarkers.NONE);
            paint(chart, series, comparison, run.policy());
        }
        return chart;
    }

    private static XYChart chart(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setXAxisDecimalPattern("#,##0.##");
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setYAxisMin(0.0);
        return chart;
    }

    /**
     * Gives a policy the same colour, marker and dash pattern in every chart, even one where another
     * policy has no line; earlier policies are drawn wider, beneath later ones (XChart draws in the
     * order series are added), so that two policies with equal values both show.
     */
    private static void paint(XYChart chart, XYSeries series, Comparison comparison, String policy) {
        List<String> policies = ComparisonBlock.policies(comparison);
        int i = policies.indexOf(policy);
        Color color = Color.decode(PolicyStyle.colour(i));
        series.setLineColor(color);
        series.setMarkerColor(color);
        if (series.getMarker() != SeriesMarkers.NONE) {
            series.setMarker(MARKERS[i % MARKERS.length]);
        }
        float width = 1.5f + 1.5f * (policies.size() - 1 - i);
        List<Integer> pattern = PolicyStyle.dash(i);
        float[] dash = new float[pattern.size()];
        for (int d = 0; d < dash.length; d++) {
            dash[d] = pattern.get(d);
        }
        series.setLineStyle(dash.length == 0 ? new BasicStroke(width)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
