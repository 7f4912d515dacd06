package org.cmmalab.harness.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The published comparison a shipped scenario stands beside, kept in one place:
 * {@code scenarios/published/}, whose {@code scenarios.properties} names, per scenario name, the
 * text of its publication (the source first, then what it found), built into the jar with the
 * scenarios.
 */
final class Published {
    private static final String DIR = "/scenarios/published/";

    private Published() {
    }

    /** The text for the scenario named {@code scenario}, or null if it has none. */
    static String forScenario(String scenario) {
        String file = index().getProperty(scenario);
        return file == null ? null : read(DIR + file);
    }

    static Properties index() {
        Properties index = new Properties();
        try (InputStream in = Published.class.getResourceAsStream(DIR + "scenarios.properties")) {
            if (in != null) {
                index.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = Published.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is named in scenarios.properties but not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
