package org.cmmalab.harness.replay;

import org.cmmalab.pagestates.HostMode;

/**
 * How {@code cmma replay} runs a trace.
 *
 * @param frames      host frames this guest may hold
 * @param guestFrames guest memory in 4 KiB frames, or 0 for large enough to hold every page of
 *                    the trace without guest reclaim
 * @param fileBacking trace pages are pages of one mapped file (true) or of one process heap
 * @param policy      the host's replacement policy, a name host-pager's registry gives ({@code ReplacementNames.all()})
 * @param mode        the host mode
 * @param hints       whether the guest issues CMMA hints
 */
public record ReplayOptions(int frames, int guestFrames, boolean fileBacking, String policy, HostMode mode,
                            boolean hints) {
}
