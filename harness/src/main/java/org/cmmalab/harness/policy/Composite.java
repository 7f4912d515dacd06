package org.cmmalab.harness.policy;

import java.util.List;
import java.util.stream.Collectors;
import org.cmmalab.harness.sim.Machine;
import org.cmmalab.pagestates.HostMode;

/** Several policies at once, such as {@code cmma+balloon-vmrm}: hints if any part hints, every part's work started. */
final class Composite implements Policy {
    private final List<Policy> parts;

    Composite(List<Policy> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public String name() {
        return parts.stream().map(Policy::name).collect(Collectors.joining("+"));
    }

    @Override
    public boolean guestHints() {
        return parts.stream().anyMatch(Policy::guestHints);
    }

    @Override
    public boolean freePageHints() {
        return parts.stream().anyMatch(Policy::freePageHints);
    }

    @Override
    public String largeFramesRefused() {
        return parts.stream().map(Policy::largeFramesRefused).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    @Override
    public HostMode hostMode(HostMode scenarioMode) {
        HostMode mode = scenarioMode;
        for (Policy p : parts) {
            mode = p.hostMode(mode);
        }
        return mode;
    }

    @Override
    public long heapBytes(long residentFrames, long guestFrames) {
        return parts.stream().mapToLong(p -> p.heapBytes(residentFrames, guestFrames)).sum();
    }

    @Override
    public void start(Machine machine) {
        parts.forEach(p -> p.start(machine));
    }
}
