package org.cmmalab.harness.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The built-in scenarios: the files of the repository's {@code scenarios/}, which the build puts
 * into the jar, each named by its file name without {@code .yaml}. That directory is the only
 * list of their names: adding a scenario is adding a file there, and help texts and errors list
 * {@link #names()}.
 */
public final class BuiltInScenarios {
    private static final String DIR = "scenarios/";
    private static final String SUFFIX = ".yaml";

    private BuiltInScenarios() {
    }

    /** Every built-in scenario's name, in alphabetical order. */
    public static List<String> names() {
        Path where;
        try {
            where = Path.of(BuiltInScenarios.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(where)) {
                try (Stream<Path> list = Files.list(where.resolve(DIR))) {
                    list.forEach(p -> files.add(p.getFileName().toString()));
                }
            } else {
                try (ZipFile jar = new ZipFile(where.toFile())) {
                    jar.stream().map(ZipEntry::getName)
                            .filter(n -> n.startsWith(DIR) && n.indexOf('/', DIR.length()) < 0)
                            .forEach(n -> files.add(n.substring(DIR.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().filter(f -> f.endsWith(SUFFIX))
                .map(f -> f.substring(0, f.length() - SUFFIX.length())).sorted().toList();
    }

    /** The bytes of the built-in scenario {@code name}, or null if there is none. */
    static byte[] read(String name) throws IOException {
        if (!names().contains(name)) {
            return null;
        }
        try (InputStream in = BuiltInScenarios.class.getResourceAsStream("/" + DIR + name + SUFFIX)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The file name a built-in scenario's errors name: {@code web-farm.yaml}. */
    static String fileName(String name) {
        return name + SUFFIX;
    }
}
