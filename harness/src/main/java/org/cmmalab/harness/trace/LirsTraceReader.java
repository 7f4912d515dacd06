package org.cmmalab.harness.trace;

/** One block number per line, all loads; a {@code *} line is a checkpoint and carries no reference. */
final class LirsTraceReader extends TraceReader {
    @Override
    void parse(String line, TraceBuilder out) {
        String s = line.strip();
        if (s.equals("*")) {
            return;
        }
        try {
            long block = Long.parseLong(s);
            if (block < 0) {
                throw new IllegalArgumentException("negative block number: '" + excerpt(s) + "'");
            }
            out.reference(block, false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a block number: '" + excerpt(s) + "'");
        }
    }
}
