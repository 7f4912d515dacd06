package org.cmmalab.harness.result;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
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

    /** Whole counts read from counters ({@code RaceCounters}), race by race. */
    public static RaceCounts ofCounts(Map<Race, long[]> values) {
        EnumMap<Race, double[]> d = new EnumMap<>(Race.class);
        values.forEach((r, v) -> d.put(r, Arrays.stream(v).asDoubleStream().toArray()));
        return of(d);
    }

    /** These counts less {@code earlier}'s. */
    public RaceCounts since(RaceCounts earlier) {
        return combine(earlier, (a, b) -> a - b);
    }

    /** These counts plus {@code other}'s. */
    public RaceCounts plus(RaceCounts other) {
        return combine(other, Double::sum);
    }

    private RaceCounts combine(RaceCounts other, DoubleBinaryOperator op) {
        EnumMap<Race, double[]> out = new EnumMap<>(Race.class);
        counts.forEach((r, v) -> {
            double[] o = other.counts.get(r);
            double[] c = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                c[i] = op.applyAsDouble(v[i], o[i]);
            }
            out.put(r, c);
        });
        return new RaceCounts(out);
    }

    /** The counts of {@code race}, aligned with {@link Race#counts()}. */
    public double[] values(Race race) {
        return counts.get(race).clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RaceCounts other)) {
            return false;
        }
        for (Race r : Race.values()) {
            if (!Arrays.equals(counts.get(r), other.counts.get(r))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Race r : Race.values()) {
            h = 31 * h + Arrays.hashCode(counts.get(r));
        }
        return h;
    }

    /** Each race's counts by name, as {@code 1 {makeStables=..., discardWon=...} 2 {...}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Race r : Race.values()) {
            b.append(b.length() == 0 ? "" : " ").append(r.number()).append(" {");
            double[] v = counts.get(r);
            for (int i = 0; i < v.length; i++) {
                b.append(i == 0 ? "" : ", ").append(r.counts().get(i)).append('=').append(v[i]);
            }
            b.append('}');
        }
        return b.toString();
    }
}
