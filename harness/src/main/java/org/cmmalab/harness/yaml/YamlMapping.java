package org.cmmalab.harness.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cmmalab.harness.InputError;

/**
 * One mapping of a YAML file (a scenario, a policy's or a workload's parameters), read key by key
 * with types, defaults and limits checked. Each error names the file, the line and the key.
 * {@link #done()} rejects every key nobody read, so a misspelt key is an error, never silently
 * ignored.
 */
public final class YamlMapping {
    private final YamlDocument doc;
    private final String path;
    private final String display;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    YamlMapping(YamlDocument doc, String path, String display, JsonNode node) {
        this.doc = doc;
        this.path = path;
        this.display = display;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw doc.error(path, where() + " must be a mapping of keys to values");
        }
    }

    /** The top-level mapping of the YAML text {@code text} of {@code file}. */
    public static YamlMapping parse(String file, String text) {
        YamlDocument doc = new YamlDocument(file, text);
        return new YamlMapping(doc, "", "", doc.root());
    }

    /** {@link #parse(String, String)} of the bytes of {@code file}, which must be UTF-8 text: a binary file is refused at its first non-text byte. */
    public static YamlMapping parse(String file, byte[] bytes) {
        return parse(file, TextFile.decode(file, bytes));
    }

    /** A mapping with no keys: every value takes its default. */
    public static YamlMapping empty() {
        return new YamlMapping(null, "", "", null);
    }

    /** Whether the key is present. */
    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    public String text(String key, String fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode() || v.isNull()) {
            throw error(key, name(key) + " must be a text value");
        }
        return v.asText();
    }

    /** A text value that must be one of {@code allowed}. */
    public String choice(String key, String fallback, List<String> allowed) {
        String v = text(key, fallback);
        if (!allowed.contains(v)) {
            throw error(key, name(key) + " must be one of " + String.join(", ", allowed) + ", was '" + v + "'");
        }
        return v;
    }

    public double number(String key, double fallback, double min, double max) {
        JsonNode v = value(key);
        return v == null ? fallback : checked(key, v, min, max);
    }

    public long integer(String key, long fallback, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw error(key, name(key) + " must be a whole number, was '" + v.asText() + "'");
        }
        return (long) checked(key, v, min, max);
    }

    /** A whole number from {@code min} to {@code max}, or the text {@code word}, which gives {@code wordValue}. */
    public long integerOr(String key, String word, long wordValue, long fallback, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        if (v.isTextual() && v.asText().equals(word)) {
            return wordValue;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw error(key, name(key) + " must be a whole number " + range(min, max) + " or '" + word + "', was '"
                    + v.asText() + "'");
        }
        return v.asLong();
    }

    public boolean flag(String key, boolean fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(key, name(key) + " must be true or false, was '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    /** A list of numbers, or a single number as a list of one. */
    public List<Double> numbers(String key, List<Double> fallback, double min, double max) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(checkedAt(path + "/" + key + "/" + i, name(key) + "[" + i + "]", v.get(i), min, max));
            }
        } else {
            out.add(checked(key, v, min, max));
        }
        if (out.isEmpty()) {
            throw error(key, name(key) + " must not be empty");
        }
        return out;
    }

    /** A list of text values, or a single text as a list of one. */
    public List<String> texts(String key, List<String> fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v.isArray() ? v : List.of(v)) {
            if (!e.isValueNode() || e.isNull()) {
                throw error(key, name(key) + " must be a list of text values");
            }
            out.add(e.asText());
        }
        if (out.isEmpty()) {
            throw error(key, name(key) + " must not be empty");
        }
        return out;
    }

    /** A nested mapping; an empty section if the key is absent. */
    public YamlMapping section(String key) {
        read.add(key);
        return new YamlMapping(doc, path + "/" + key, name(key), node.get(key));
    }

    /** A list of mappings. */
    public List<YamlMapping> sections(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        List<YamlMapping> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw error(key, name(key) + " must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new YamlMapping(doc, path + "/" + key + "/" + i, name(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    /** The keys of this mapping, in file order, each marked as read. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        read.addAll(keys);
        return keys;
    }

    /** Fails on the first key that was never read. */
    public void done() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                Set<String> known = new TreeSet<>(read);
                throw error(key, "unknown key '" + key + "'" + (display.isEmpty() ? "" : " in " + display)
                        + (known.isEmpty() ? "" : "; known keys: " + String.join(", ", known)));
            }
        }
    }

    /** An error at {@code key} of this section. */
    public InputError error(String key, String message) {
        return doc.error(path + "/" + key, message);
    }

    /** An error at this section as a whole. */
    public InputError error(String message) {
        return doc.error(path, message);
    }

    /** The keys and values as the file gives them, for a report: {@code intervalSeconds 10, target 0.5}. */
    public String describe() {
        List<String> pairs = new ArrayList<>();
        node.fields().forEachRemaining(e -> pairs.add(e.getKey() + " " + (e.getValue().isValueNode()
                ? e.getValue().asText() : e.getValue().toString())));
        return String.join(", ", pairs);
    }

    /** How messages name this section, such as {@code guests[0]}; empty for the top level. */
    public String where() {
        return display.isEmpty() ? "the scenario" : display;
    }

    private JsonNode value(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private double checked(String key, JsonNode v, double min, double max) {
        return checkedAt(path + "/" + key, name(key), v, min, max);
    }

    private double checkedAt(String at, String name, JsonNode v, double min, double max) {
        if (!v.isNumber()) {
            throw doc.error(at, name + " must be a number, was '" + v.asText() + "'");
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            throw doc.error(at, name + " must be " + range(min, max) + ", was " + v.asText());
        }
        return d;
    }

    private String name(String key) {
        return display.isEmpty() ? key : display + "." + key;
    }

    private static String range(double min, double max) {
        if (max == Double.MAX_VALUE || max == Long.MAX_VALUE) {
            return "at least " + plain(min);
        }
        return "from " + plain(min) + " to " + plain(max);
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
