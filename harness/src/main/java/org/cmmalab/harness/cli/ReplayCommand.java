package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.replay.Replay;
import org.cmmalab.harness.replay.ReplayOptions;
import org.cmmalab.harness.replay.ReplayResult;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.harness.trace.TraceBacking;
import org.cmmalab.harness.trace.TraceFormat;
import org.cmmalab.harness.trace.TraceFormats;
import org.cmmalab.harness.trace.TraceReader;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.pagestates.HostMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmma replay}: one real trace as one guest's references through guest, host and discard faults. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay a page-reference trace through one guest kernel and the host pager.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace, gzip or plain.")
    Path trace;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Choices.TraceFormatIds.class,
            description = "The trace format, one of: ${COMPLETION-CANDIDATES}. Default: guessed from the first line.")
    String format;

    @Option(names = "--frames", required = true, paramLabel = "N", description = "Host frames for this guest.")
    int frames;

    @Option(names = "--guest-frames", paramLabel = "G", defaultValue = "0",
            description = "Guest memory in 4 KiB frames. Default: large enough for every page of the trace.")
    int guestFrames;

    @Option(names = "--backing", defaultValue = "file", paramLabel = "BACKING", completionCandidates = Choices.BackingIds.class,
            description = "Trace pages are pages of one mapped file (file) or of a process heap (anon): one of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String backing;

    @Option(names = "--policy", defaultValue = ReplacementPolicies.DEFAULT, paramLabel = "POLICY",
            completionCandidates = Choices.ReplacementPolicyNames.class,
            description = "The host's replacement policy, one of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--mode", defaultValue = "zvm", converter = HostModeConverter.class, paramLabel = "MODE",
            completionCandidates = Choices.HostModeIds.class,
            description = "Host mode, one of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    HostMode mode;

    @Option(names = "--hints", defaultValue = "on", paramLabel = "on|off", completionCandidates = Choices.OnOff.class,
            description = "Whether the guest issues CMMA hints. Default: ${DEFAULT-VALUE}.")
    String hints;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (format != null) {
            Options.oneOf("--format", format, new Choices.TraceFormatIds());
        }
        Options.oneOf("--backing", backing, new Choices.BackingIds());
        Options.oneOf("--policy", policy, new Choices.ReplacementPolicyNames());
        Options.oneOf("--hints", hints, new Choices.OnOff());
        TraceFormat f = format == null ? null : TraceFormats.of(format);
        if (frames <= 0) {
            throw new InputError("--frames must be positive, was " + frames);
        }
        Trace t = TraceReader.read(trace, f);
        ReplayResult r = new Replay(t, new ReplayOptions(frames, guestFrames, TraceBacking.of(backing) == TraceBacking.FILE, policy, mode,
                hints.equals("on"))).run();
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(r));
        } else {
            print(t, r);
        }
        return r.lostPages() == 0 ? 0 : 1;
    }

    private void print(Trace t, ReplayResult r) {
        System.out.printf("%s: %,d references, %,d distinct pages; host %,d frames, guest %,d frames, %s backing,"
                        + " %s, %s mode, hints %s%n%n", t.name(), r.references(), r.distinctPages(), frames,
                r.guestFrames(), backing, policy, mode.id(), hints);
        row("host faults", r.hostFaults(), "references that missed on the host");
        row("page-ins", r.pageIns(), "host reads from its paging device");
        row("page-outs", r.pageOuts(), "host writes to its paging device");
        row("discards", r.discards(), "frames freed without I/O by state");
        row("discard faults", r.discardFaults(), "accesses to discarded content");
        row("zero fills", r.zeroFills(), "frames the host supplied zeroed");
        row("guest reads", r.guestReads(), "guest disk reads");
        row("ESSA ops", r.essaOps(), "hints issued");
        row("lost pages", r.lostPages(), "must be 0");
        System.out.printf("%n%,.0f references per second (wall clock)%n", r.referencesPerSecond());
    }

    private static void row(String name, long value, String meaning) {
        System.out.printf("  %-15s %,12d   %s%n", name, value, meaning);
    }
}
