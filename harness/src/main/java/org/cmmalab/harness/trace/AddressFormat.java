package org.cmmalab.harness.trace;

/**
 * {@code address}: {@code l|s 0xADDRESS n}, a load or a store at ADDRESS, {@code n} instructions
 * after the previous one. The page is ADDRESS >> 12 (4 KiB pages); a store dirties it.
 */
final class AddressFormat extends TraceFormat {
    private static final int PAGE_SHIFT = 12;

    @Override
    public String id() {
        return "address";
    }

    @Override
    public String description() {
        return "l|s 0xADDRESS n, a load or store per line";
    }

    @Override
    protected boolean looksLike(String line) {
        return line.startsWith("l ") || line.startsWith("s ");
    }

    @Override
    protected void parse(String line, TraceBuilder out) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length != 3) {
            throw new IllegalArgumentException("expected 'l|s 0xADDRESS n', got '" + TraceReader.excerpt(line) + "'");
        }
        boolean store;
        switch (fields[0]) {
            case "l":
                store = false;
                break;
            case "s":
                store = true;
                break;
            default:
                throw new IllegalArgumentException("access type must be l or s, was '" + TraceReader.excerpt(fields[0]) + "'");
        }
        String address = fields[1];
        if (!address.startsWith("0x") && !address.startsWith("0X")) {
            throw new IllegalArgumentException("address must be hexadecimal with 0x, was '" + TraceReader.excerpt(address) + "'");
        }
        long value;
        long instructions;
        try {
            value = Long.parseUnsignedLong(address.substring(2), 16);
            instructions = Long.parseLong(fields[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + TraceReader.excerpt(line) + "'");
        }
        if (instructions < 0) {
            throw new IllegalArgumentException("the instruction count must not be negative, was " + instructions);
        }
        out.reference(value >>> PAGE_SHIFT, store);
    }
}
