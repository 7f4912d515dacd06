package org.cmmalab.harness.policy;

import java.util.List;
import org.cmmalab.harness.scenario.Section;
import org.cmmalab.pagestates.HostMode;

/**
 * {@code cmma}: guests issue the CMMA hints (spec section 5) and the host's pager acts on them
 * (spec section 2): nothing else, no monitor, no working-set estimate, which is the point
 * Schwidefsky made for it in 2009 ("the host just does normal LRU based paging"). Parameter
 * {@code mode}: {@code zvm} (the full architecture) or {@code kvm} (only unused frames are
 * discarded); default the scenario's host mode.
 */
final class CmmaPolicy implements Policy {
    private final HostMode mode;

    private CmmaPolicy(HostMode mode) {
        this.mode = mode;
    }

    static CmmaPolicy parse(Section params) {
        String mode = params.choice("mode", "scenario", List.of("scenario", "zvm", "kvm"));
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
