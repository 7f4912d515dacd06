package org.cmmalab.harness.trace;

/**
 * {@code lirs}: one block number per line, all loads; a {@code *} line is a checkpoint and carries
 * no reference (the LIRS paper's traces, Jiang and Zhang 2002).
 */
final class LirsFormat extends TraceFormat {
    @Override
    public String id() {
        return "lirs";
    }

    @Override
    public String description() {
        return "one block number per line, * a checkpoint";
    }

    @Override
    protected boolean looksLike(String line) {
        return line.equals("*") || !line.isEmpty() && line.chars().allMatch(Character::isDigit);
    }

    @Override
    protected void parse(String line, TraceBuilder out) {
        String s = line.strip();
        if (s.equals("*")) {
            return;
        }
        try {
            long block = Long.parseLong(s);
            if (block < 0) {
                throw new IllegalArgumentException("negative block number: '" + TraceReader.excerpt(s) + "'");
            }
            out.reference(block, false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a block number: '" + TraceReader.excerpt(s) + "'");
        }
    }
}
