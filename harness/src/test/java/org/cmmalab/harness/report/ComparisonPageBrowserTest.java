package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.cmmalab.harness.cli.Cmma;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page {@code cmma compare --out} writes, loaded from its file into a real headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}; skipped, saying so, where they are not
 * installed): every chart drew every series, the page loaded nothing from elsewhere and logged no
 * error, two policies with equal values are both visible, hovering shows values and a legend click
 * hides a policy. Screenshots go to {@code target/report-screenshots/} for a person to look at.
 */
class ComparisonPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    /** Four policies at three ratios; cmma and cmma+balloon-vmrm give equal numbers (the balloon never inflates). */
    private static final String SCENARIO = String.join("\n",
            "name: browser-check",
            "durationSeconds: 6",
            "warmupSeconds: 2",
            "overcommit: [1.0, 2.0, 3.0]",
            "policies: [none, balloon-vmrm, cmma, cmma+balloon-vmrm]",
            "guests:",
            "  - {name: web, count: 2, memoryMiB: 32, workload: web-farm, params: {files: 600}}",
            "");

    private static Path dir;
    private static ChromeDriver driver;

    @BeforeAll
    static void openThePage() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); install them with apt-get install chromium chromium-driver");
        dir = Files.createTempDirectory("cmma-page");
        Path scenario = Files.writeString(dir.resolve("browser-check.yaml"), SCENARIO);
        assertEquals(0, Cmma.run("compare", "--scenario", scenario.toString(), "--threads", "2", "--out",
                dir.resolve("out").toString()));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Each test starts from the page as loaded: one test's clicks and hovers do not reach the next. */
    @BeforeEach
    void load() {
        driver.get(dir.resolve("out").resolve(ComparisonHtml.FILE).toUri().toString());
    }

    @AfterAll
    static void close() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void everyChartDrewEverySeries() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) js("""
                return Array.from(document.querySelectorAll('canvas')).map(function (canvas) {
                  const chart = Chart.getChart(canvas);
                  if (!chart) { return {id: canvas.id, chart: false}; }
                  const area = chart.chartArea;
                  return {id: canvas.id, chart: true, series: chart.data.datasets.map(function (d, i) {
                    const meta = chart.getDatasetMeta(i);
                    const drawn = meta.data.filter(function (e) {
                      return isFinite(e.x) && isFinite(e.y) && e.x >= area.left - 1 && e.x <= area.right + 1
                          && e.y >= area.top - 1 && e.y <= area.bottom + 1;
                    }).length;
                    return {label: d.label, points: d.data.length, drawn: drawn, visible: chart.isDatasetVisible(i)};
                  })};
                });""");
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> chart : charts) {
            ids.add((String) chart.get("id"));
            assertEquals(true, chart.get("chart"), "no chart on " + chart.get("id"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> series = (List<Map<String, Object>>) chart.get("series");
            assertFalse(series.isEmpty(), chart.get("id") + " has no series");
            for (Map<String, Object> s : series) {
                assertTrue((Long) s.get("points") > 0, chart.get("id") + ": " + s);
                assertEquals(s.get("points"), s.get("drawn"), chart.get("id") + ": every point inside the plot: " + s);
                assertEquals(true, s.get("visible"), chart.get("id") + ": " + s);
            }
        }
        assertEquals(Set.of("chart-headline", "chart-host-io", "chart-guest-io", "chart-explore", "chart-guests",
                "chart-host-memory-1.0", "chart-host-memory-2.0", "chart-host-memory-3.0"), ids);
    }

    @Test
    void equalPoliciesAreBothVisibleByStyle() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) js("""
                const chart = Chart.getChart(document.getElementById('chart-headline'));
                return chart.data.datasets.map(function (d) {
                  return {label: d.label, y: JSON.stringify(d.data.map(function (p) { return p.y; })),
                          style: [d.borderColor, JSON.stringify(d.borderDash), d.pointStyle, d.borderWidth].join(' ')};
                });""");
        Map<String, Object> cmma = series.stream().filter(s -> s.get("label").equals("cmma")).findFirst().orElseThrow();
        Map<String, Object> both = series.stream().filter(s -> s.get("label").equals("cmma+balloon-vmrm")).findFirst()
                .orElseThrow();
        assertEquals(cmma.get("y"), both.get("y"), "the scenario gives them equal numbers");
        assertEquals(series.size(), series.stream().map(s -> s.get("style")).distinct().count(),
                "each policy has its own colour, dashes, marker and width: " + series);

        // Along the line that cmma and cmma+balloon-vmrm share, the canvas shows both their colours.
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) js("""
                const chart = Chart.getChart(document.getElementById('chart-headline'));
                const ctx = chart.ctx;
                const scale = chart.currentDevicePixelRatio;
                const colours = {};
                chart.data.datasets.forEach(function (d) { colours[d.label] = d.borderColor; });
                const counts = {};
                Object.keys(colours).forEach(function (label) { counts[label] = 0; });
                const a = chart.getDatasetMeta(2).data[0];
                const b = chart.getDatasetMeta(2).data[1];
                for (let t = 0.1; t < 0.9; t += 0.02) {
                  const x = Math.round((a.x + (b.x - a.x) * t) * scale);
                  const y = Math.round((a.y + (b.y - a.y) * t) * scale);
                  const pixels = ctx.getImageData(x - 8, y - 8, 17, 17).data;
                  for (let p = 0; p < pixels.length; p += 4) {
                    Object.keys(colours).forEach(function (label) {
                      const c = colours[label];
                      const dr = pixels[p] - parseInt(c.substr(1, 2), 16);
                      const dg = pixels[p + 1] - parseInt(c.substr(3, 2), 16);
                      const db = pixels[p + 2] - parseInt(c.substr(5, 2), 16);
                      if (dr * dr + dg * dg + db * db < 900) { counts[label]++; }
                    });
                  }
                }
                return counts;""");
        assertTrue(((Number) seen.get("cmma")).longValue() > 20 && ((Number) seen.get("cmma+balloon-vmrm")).longValue() > 20,
                "both colours drawn where the two lines coincide: " + seen);
    }

    @Test
    void hostMemoryChartsMarkTheCapacityAndTheWarmUp() {
        @SuppressWarnings("unchecked")
        List<Object> capacity = (List<Object>) js("""
                return ['1.0', '2.0', '3.0'].map(function (r) {
                  const chart = Chart.getChart(document.getElementById('chart-host-memory-' + r));
                  const line = chart.data.datasets[chart.data.datasets.length - 1];
                  const shaded = chart.config.plugins.some(function (p) { return p.id === 'warmup'; });
                  return [line.label, line.data[0].y, shaded];
                });""");
        // Two guests of 32 MiB: 64 MiB at 1.0, 32 at 2.0, 5,461 whole frames of 4 KiB at 3.0.
        assertEquals(List.of(List.of("host memory for guests (64.00 MiB)", 64L, true),
                List.of("host memory for guests (32.00 MiB)", 32L, true),
                List.of("host memory for guests (21.33 MiB)", 5461 / 256.0, true)), capacity);
    }

    @Test
    void hoveringShowsValuesAndALegendClickHidesAPolicy() {
        WebElement canvas = driver.findElement(By.id("chart-headline"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", canvas);
        @SuppressWarnings("unchecked")
        Map<String, Object> point = (Map<String, Object>) js("""
                const chart = Chart.getChart(arguments[0]);
                const e = chart.getDatasetMeta(0).data[1];
                const box = arguments[0].getBoundingClientRect();
                return {x: e.x - box.width / 2, y: e.y - box.height / 2};""", canvas);
        new Actions(driver).moveToElement(canvas, ((Number) point.get("x")).intValue(), ((Number) point.get("y")).intValue())
                .perform();
        @SuppressWarnings("unchecked")
        List<String> tooltip = (List<String>) js("""
                const chart = Chart.getChart(arguments[0]);
                return chart.tooltip.getActiveElements().length === 0 ? [] :
                    [chart.tooltip.title.join(' ')].concat(chart.tooltip.body.map(function (b) { return b.lines.join(' '); }));""",
                canvas);
        assertEquals(5, tooltip.size(), "a title and one line per policy: " + tooltip);
        assertEquals("overcommit 2.0", tooltip.get(0));
        assertTrue(tooltip.get(1).matches("none: [0-9,.]+"), tooltip.toString());
        screenshot("hover");

        @SuppressWarnings("unchecked")
        Map<String, Object> legend = (Map<String, Object>) js("""
                const chart = Chart.getChart(arguments[0]);
                const box = chart.legend.legendHitBoxes[1];
                const rect = arguments[0].getBoundingClientRect();
                return {x: box.left + box.width / 2 - rect.width / 2, y: box.top + box.height / 2 - rect.height / 2};""",
                canvas);
        new Actions(driver).moveToElement(canvas, ((Number) legend.get("x")).intValue(), ((Number) legend.get("y")).intValue())
                .click().perform();
        // The browser delivers the click's events when it gets to them: wait for the chart to have seen it.
        Object visible = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            Object v = js("""
                    const chart = Chart.getChart(arguments[0]);
                    return chart.data.datasets.map(function (d, i) { return chart.isDatasetVisible(i); });""", canvas);
            return List.of(true, true, true, true).equals(v) ? null : v;
        });
        assertEquals(List.of(true, false, true, true), visible);
    }

    @Test
    void choosingAMetricRedrawsTheExplorer() {
        WebElement select = driver.findElement(By.id("explore-metric"));
        select.click();
        select.findElement(By.cssSelector("option[value='hostPageOuts']")).click();
        assertEquals("hostPageOuts against overcommit",
                js("return Chart.getChart(document.getElementById('chart-explore')).options.plugins.title.text;"));
    }

    @Test
    void nothingIsLoadedFromElsewhereAndNoErrorIsLogged() throws IOException {
        assertEquals(0L, js("return performance.getEntriesByType('resource').length;"), "the page is one file");
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), severe);
        js("window.scrollTo(0, 0);");
        screenshot("top");
        js("document.getElementById('charts').scrollIntoView();");
        screenshot("charts");
        js("document.getElementById('overcommit-3.0').scrollIntoView();");
        screenshot("ratio-3.0");
        js("document.getElementById('chart-host-memory-3.0').scrollIntoView({block: 'center'});");
        screenshot("host-memory-3.0");
        js("document.getElementById('guests').scrollIntoView();");
        screenshot("per-guest");
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
