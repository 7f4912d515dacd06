package org.cmmalab.harness.policy;

import java.util.List;
import java.util.stream.Collectors;
import org.cmmalab.pagestates.HostMode;

/**
 * Several policies at once, such as {@code cmma+balloon-vmrm}: hints if any part hints, sizes its
 * guests or connects a frontswap backend if a part does, every part's swap size in turn, every
 * part's mechanisms, every part's work started, in the order of the name.
 */
public final class Composite implements Policy {
    private final List<Policy> parts;

    public Composite(List<Policy> parts) {
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
    public boolean sizesGuestMemory() {
        return parts.stream().anyMatch(Policy::sizesGuestMemory);
    }

    @Override
    public int swapMiB(int scenarioSwapMiB, int memoryMiB) {
        int swap = scenarioSwapMiB;
        for (Policy p : parts) {
            swap = p.swapMiB(swap, memoryMiB);
        }
        return swap;
    }

    @Override
    public boolean connectsFrontswap() {
        return parts.stream().anyMatch(Policy::connectsFrontswap);
    }

    @Override
    public List<Mechanism> mechanisms() {
        return parts.stream().flatMap(p -> p.mechanisms().stream()).toList();
    }

    @Override
    public void start(RunContext run) {
        parts.forEach(p -> p.start(run));
    }
}
