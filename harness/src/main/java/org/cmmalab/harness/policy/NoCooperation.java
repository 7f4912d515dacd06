package org.cmmalab.harness.policy;

import org.cmmalab.harness.scenario.Section;

/** {@code none}: the host pages by LRU and knows nothing of its guests; guests issue no hints. The baseline. */
final class NoCooperation implements Policy {
    static NoCooperation parse(Section params) {
        params.done();
        return new NoCooperation();
    }

    @Override
    public String name() {
        return "none";
    }
}
