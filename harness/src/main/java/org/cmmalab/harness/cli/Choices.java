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

    /** The trace formats ({@link TraceFormats}). */
    static final class TraceFormatIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return TraceFormats.ids().iterator();
        }
    }

    /** The host replacement policies ({@link ReplacementNames}). */
    static final class ReplacementPolicyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ReplacementNames.all().iterator();
        }
    }

    /** What a trace's pages are pages of ({@link TraceBacking}). */
    static final class BackingIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return TraceBacking.ids().iterator();
        }
    }

    /** The host modes ({@link HostMode}). */
    static final class HostModeIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return HostMode.ids().iterator();
        }
    }

    /** The cooperation policies ({@link Policies}). */
    static final class PolicyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }

    /** The built-in scenarios ({@link BuiltInScenarios}). */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BuiltInScenarios.names().iterator();
        }
    }


    /** {@code on} and {@code off}. */
    static final class OnOff implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("on", "off").iterator();
        }
    }
}
