package org.cmmalab.harness.cli;

import java.util.Iterator;
import java.util.List;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.scenario.BuiltInScenarios;
import org.cmmalab.harness.scenario.ReplacementNames;
import org.cmmalab.harness.trace.TraceBacking;
import org.cmmalab.harness.trace.TraceFormats;
import org.cmmalab.pagestates.HostMode;

/**
 * The values an option takes, each read from its registry, for picocli's help
 * ({@code ${COMPLETION-CANDIDATES}}) and for {@link Options#oneOf}'s errors: no option lists
 * names of its own.
 */
final class Choices {
    private Choices() {
    }

    /** A registry's names as picocli iterates them. */
    abstract static class Names implements Iterable<String> {
        abstract List<String> names();

        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }

    /** The trace formats ({@link TraceFormats}). */
    static final class TraceFormatIds extends Names {
        @Override
        List<String> names() {
            return TraceFormats.ids();
        }
    }

    /** The host replacement policies ({@link ReplacementNames}). */
    static final class ReplacementPolicyNames extends Names {
        @Override
        List<String> names() {
            return ReplacementNames.all();
        }
    }

    /** What a trace's pages are pages of ({@link TraceBacking}). */
    static final class BackingIds extends Names {
        @Override
        List<String> names() {
            return TraceBacking.ids();
        }
    }

    /** The host modes ({@link HostMode}). */
    static final class HostModeIds extends Names {
        @Override
        List<String> names() {
            return HostMode.ids();
        }
    }

    /** The cooperation policies ({@link Policies}). */
    static final class PolicyNames extends Names {
        @Override
        List<String> names() {
            return Policies.names();
        }
    }

    /** The built-in scenarios ({@link BuiltInScenarios}). */
    static final class ScenarioNames extends Names {
        @Override
        List<String> names() {
            return BuiltInScenarios.names();
        }
    }


    /** {@code on} and {@code off}. */
    static final class OnOff extends Names {
        @Override
        List<String> names() {
            return List.of("on", "off");
        }
    }
}
