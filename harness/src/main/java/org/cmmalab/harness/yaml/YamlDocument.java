package org.cmmalab.harness.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.cmmalab.harness.InputError;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file read as a tree, with the line of every value remembered by its path
 * ({@code /guests/0/memoryMiB}), so that a check made long after parsing can still name the file,
 * the line and the key.
 */
final class YamlDocument {
    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines = new HashMap<>();

    YamlDocument(String file, String text) {
        this.file = file;
        YAMLFactory factory = new YAMLFactory();
        try {
            this.root = new ObjectMapper(factory).readTree(text);
            indexLines(factory, text);
        } catch (JsonProcessingException e) {
            throw notYaml(file, e);
        } catch (IOException e) {
            throw new InputError(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw InputError.at(file, 1, "a scenario is a YAML mapping of keys to values");
        }
    }

    /**
     * The parser's complaint as one line: where SnakeYAML marks the problem, its line and words
     * (Jackson's location is where the construct began, which can be lines earlier); every line
     * break folded, and anything unprintable escaped.
     */
    private static InputError notYaml(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        long line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
        String what = e.getOriginalMessage();
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            line = marked.getProblemMark().getLine() + 1;
            what = marked.getProblem();
        }
        return InputError.at(file, line, "not valid YAML: " + InputError.printable(String.valueOf(what).strip()
                .replaceAll("\\s*\\R\\s*", "; ")));
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** The line of the value at {@code path}, or of its nearest ancestor that has one. */
    int line(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
        }
    }

    /**
     * An error at the value of {@code path}. Every scenario error passes through here, and many quote
     * the file (a key, a value, a name), so the message is made printable here, once for all.
     */
    InputError error(String path, String message) {
        return InputError.at(file, line(path), InputError.printable(message));
    }

    private void indexLines(YAMLFactory factory, String text) throws IOException {
        Deque<Container> open = new ArrayDeque<>();
        String field = null;
        try (JsonParser p = factory.createParser(text)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    open.pop();
                    continue;
                }
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    lines.put(open.peek().path + "/" + field, p.currentLocation().getLineNr());
                    continue;
                }
                Container parent = open.peek();
                String path = parent == null ? "" : parent.path + "/" + (parent.array ? parent.next++ : field);
                lines.putIfAbsent(path, p.currentLocation().getLineNr());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    open.push(new Container(path, t == JsonToken.START_ARRAY));
                }
            }
        }
    }

    /** An object or array being read: its path, and for an array the index of its next element. */
    private static final class Container {
        final String path;
        final boolean array;
        int next;

        Container(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
