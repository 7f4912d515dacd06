package org.cmmalab.harness.result;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.cmmalab.pagestates.Race;

/**
 * How often a run met each race of the protocol ({@link Race}) and how each was resolved: per race,
 * one count per name in {@link Race#counts()}, in that order. Counts since the warm-up ended (a
sweep's medians may be halves).
 */
public final class RaceCounts {
    private final EnumMap<Race, double[]> counts;

    private RaceCounts(EnumMap<Race, double[]> counts) {
        this.counts = counts;
    }

    /** No race met: every count 0. */
    public static RaceCounts none() {
        EnumMap<Race, double[]> zero = new EnumMap<>(Race.class);
        for (Race r : Race.values()) {
            zero.put(r, new double[r.counts().size()]);
        }
        return new RaceCounts(zero);
    }

    /** Counts read from counters, race by race ({@code values.get(race)} aligned with {@link Race#counts()}). */
    public static RaceCounts of(Map<Race, double[]> values) {
        EnumMap<Race, double[]> copy = new EnumMap<>(Race.class);
        for (Race r : Race.values()) {
            double[] v = values.get(r);
            if (v == null || v.length != r.counts().size()) {
                throw new IllegalArgumentException("race " + r.number() + " needs " + r.counts().size() + " counts "
                        + r.counts() + ", got " + (v == null ? "none" : Arrays.toString(v)));
            }
            copy.put(r, v.clone());
        }
        return new RaceCounts(copy);
    }

    /** These counts less {@code earlier}'s. */
    public RaceCounts since(RaceCounts earlier) {
        EnumMap<Race, double[]> d = new EnumMap<>(Race.class);
        counts.forEach((r, v) -> {
            double[] e = earlier.counts.get(r);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] - e[i];
            }
            d.put(r, out);
        });
        return new RaceCounts(d);
    }

    /** These counts plus {@code other}'s. */
    public RaceCounts plus(RaceCounts other) {
        EnumMap<Race, double[]> sum = new EnumMap<>(Race.class);
        counts.forEach((r, v) -> {
            double[] o = other.counts.get(r);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] + o[i];
            }
            sum.put(r, out);
        });
        return new RaceCounts(sum);
    }

    /** The counts of {@code race}, aligned with {@link Race#counts()}. */
    public double[] values(Race race) {
        return counts.get(race).clone();
    }

    /** The count named {@code name} of {@code race}. */
    public double get(Race race, String name) {
        int i = race.counts().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("race " + race.number() + " has no count '" + name + "'; it has " + race.counts());
        }
        return counts.get(race)[i];
    }
}
