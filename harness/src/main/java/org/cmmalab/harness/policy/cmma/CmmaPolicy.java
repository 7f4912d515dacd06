package org.cmmalab.harness.policy.cmma;

import java.util.List;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.pagestates.HostMode;

/**
 * {@code cmma}: guests issue the CMMA hints and the host's pager acts on them
 * (docs/state-model.md sections 2 and 5): nothing else, no monitor, no working-set estimate, which
 * is the point Schwidefsky made for it in 2009 ("the host just does normal LRU based paging").
 * Each host mode runs its own guest ({@link org.cmmalab.guestmm.GuestHinting#forHost}): {@code zvm}
 * the 2009 series' guest on the full architecture, {@code kvm} a mainline guest on Linux 6.12's KVM,
 * which discards only unused frames. Parameter {@code mode}: default the scenario's host mode.
 */
public final class CmmaPolicy implements Policy {
    private final HostMode mode;

    private CmmaPolicy(HostMode mode) {
        this.mode = mode;
    }

    public static CmmaPolicy parse(YamlMapping params) {
        List<String> modes = new java.util.ArrayList<>(List.of("scenario"));
        modes.addAll(HostMode.ids());
        String mode = params.choice("mode", "scenario", modes);
        params.done();
        return new CmmaPolicy(mode.equals("scenario") ? null : HostMode.of(mode));
    }

    @Override
    public String name() {
        return "cmma";
    }

    @Override
    public boolean guestHints() {
        return true;
    }

    @Override
    public HostMode hostMode(HostMode scenarioMode) {
        return mode != null ? mode : scenarioMode;
    }
}
