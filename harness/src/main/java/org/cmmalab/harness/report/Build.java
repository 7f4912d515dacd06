package org.cmmalab.harness.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the jar was built from, as Maven wrote it into {@code cmma-build.properties}: the version,
 * the git commit ({@code unknown} when the build had no git checkout), and the version of the
 * chart library that pages inline.
 *
 * @param version the project's version
 * @param commit  the commit, abbreviated, or {@code unknown}
 * @param chartJs the Chart.js version whose script is in the jar
 */
public record Build(String version, String commit, String chartJs) {
    private static final String FILE = "/cmma-build.properties";
    private static final Build CURRENT = read();

    /** The build this code was compiled in. */
    public static Build current() {
        return CURRENT;
    }

    private static Build read() {
        try (InputStream in = Build.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing: the jar was not built by Maven");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Build(p.getProperty("version"), p.getProperty("commit"), p.getProperty("chartjs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
