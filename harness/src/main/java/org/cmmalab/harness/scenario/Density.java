package org.cmmalab.harness.scenario;

import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A density search ({@code density:} in a scenario): instead of comparing policies at fixed
 * overcommit ratios, find for each policy the largest number of guests of the scenario's one guest
 * group that a host of fixed memory holds at the service level.
 *
 * <p>Service level (fixed, not configurable, so that no policy gets a level of its own): the host
 * never writes a guest page to its paging device, warm-up included, and no guest fails an
 * allocation after warm-up (no guest out-of-memory). Warm-up is not exempt from page-outs because
 * a host that pages at boot can stall its guests behind the paging device so badly that they
 * do nothing, and so page nothing, afterwards. Each guest count is one full run; the
 * search (harness {@code experiment.density.Bracket}) keeps the largest count held and the smallest that failed,
 * so it assumes that a count that fails would fail with more guests too (each guest's workload draws from its own random
 * stream, so adding guests never changes what the first ones do).
 *
 * @param hostMemoryGiB   the host's memory, for the report
 * @param usableMemoryGiB what the guests may use of it (the rest is the host's own): the model's host memory
 * @param minGuests       the first count tried
 * @param maxGuests       the largest count tried; a policy that holds it is reported as "at least"
 * @param tolerance       the search stops once the first count that failed is within this fraction
 *                        above the last count held (0: exact); the answer is the count held
 */
public record Density(double hostMemoryGiB, double usableMemoryGiB, int minGuests, int maxGuests, double tolerance) {
    /** Host frames (4 KiB) the guests may use. */
    public long usableFrames() {
        return Math.round(usableMemoryGiB * 262_144);
    }

    static Density read(YamlMapping s) {
        double memory = s.number("hostMemoryGiB", 256, 0.001, 8192);
        double usable = s.number("usableMemoryGiB", memory, 0.001, 8192);
        if (usable > memory) {
            throw s.error("usableMemoryGiB", s.where() + ".usableMemoryGiB (" + usable
                    + ") must not exceed hostMemoryGiB (" + memory + ")");
        }
        int min = (int) s.integer("minGuests", 1, 1, 100_000);
        int max = (int) s.integer("maxGuests", 1024, 1, 100_000);
        if (max < min) {
            throw s.error("maxGuests", s.where() + ".maxGuests (" + max + ") must be at least minGuests (" + min + ")");
        }
        double tolerance = s.number("tolerance", 0, 0, 0.5);
        s.done();
        return new Density(memory, usable, min, max, tolerance);
    }
}
