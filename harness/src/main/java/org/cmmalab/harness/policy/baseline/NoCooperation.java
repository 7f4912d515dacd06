package org.cmmalab.harness.policy.baseline;

import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.yaml.YamlMapping;

/** {@code none}: the host pages by LRU and knows nothing of its guests; guests issue no hints. The baseline. */
public final class NoCooperation implements Policy {
    public static NoCooperation parse(YamlMapping params) {
        params.done();
        return new NoCooperation();
    }

    @Override
    public String name() {
        return "none";
    }
}
