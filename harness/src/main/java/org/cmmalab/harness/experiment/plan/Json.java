package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import org.cmmalab.harness.InputError;

/**
 * Reading a study's documents: each field by name, with one clear error naming the document and
 * the field when it is missing or of the wrong kind. Numbers are read back exactly as Jackson wrote
 * them (a double's shortest decimal form round-trips; NaN and the infinities are written as strings).
 */
final class Json {
    private Json() {
    }

    static JsonNode field(JsonNode n, String name, String where) {
        JsonNode v = n == null ? null : n.get(name);
        if (v == null || v.isNull()) {
            throw new InputError(where + ": no \"" + name + "\"");
        }
        return v;
    }

    static String text(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.isTextual()) {
            throw new InputError(where + ": \"" + name + "\" is not a string: " + excerpt(v));
        }
        return v.textValue();
    }

    static long longValue(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new InputError(where + ": \"" + name + "\" is not a whole number: " + excerpt(v));
        }
        return v.longValue();
    }

    static int integer(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new InputError(where + ": \"" + name + "\" is not a whole number: " + excerpt(v));
        }
        return v.intValue();
    }

    static double number(JsonNode n, String name, String where) {
        return number(field(n, name, where), where + ": \"" + name + "\"");
    }

    /** A number node, or the string Jackson writes for NaN and the infinities. */
    static double number(JsonNode v, String what) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new InputError(what + " is not a number: " + excerpt(v));
    }

    static double[] numbers(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.isArray()) {
            throw new InputError(where + ": \"" + name + "\" is not an array: " + excerpt(v));
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), where + ": \"" + name + "\"[" + i + "]");
        }
        return out;
    }

    private static String excerpt(JsonNode v) {
        String s = v.toString();
        return s.length() <= InputError.EXCERPT ? s : s.substring(0, InputError.EXCERPT) + "...";
    }
}
