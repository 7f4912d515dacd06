package org.cmmalab.harness.yaml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.cmmalab.harness.InputError;

/**
 * A scenario file's bytes as text: UTF-8 without control characters other than tab, line feed
 * and carriage return (neither ASCII's nor the C1 controls U+0080 to U+009F). Anything else means the file is not a scenario (an image, a gzip file, a
 * scenario saved in another encoding), and the error says so at the line and column of the first
 * such byte, rather than a decoder's "Input length = 1" or a parser's complaint about a
 * character it cannot show.
 */
final class TextFile {
    private TextFile() {
    }

    static String decode(String file, byte[] bytes) {
        int control = firstControlByte(bytes);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError() && (control < 0 || in.position() < control)) {
            throw notText(file, bytes, in.position(), "a byte that is not UTF-8 text", bytes[in.position()] & 0xff);
        }
        if (control >= 0) {
            throw notText(file, bytes, control, "a control character", bytes[control] & 0xff);
        }
        decoder.flush(out);
        String text = out.flip().toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && c < 0xa0) {
                byte[] before = text.substring(0, i).getBytes(StandardCharsets.UTF_8);
                throw notText(file, bytes, before.length, "a control character", c);
            }
        }
        return text;
    }

    /** The first byte that is an ASCII control other than tab, line feed and carriage return, or -1. */
    private static int firstControlByte(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /** The error at byte {@code offset}: its line and column (in bytes) counted as an editor does. */
    private static InputError notText(String file, byte[] bytes, int offset, String what, int value) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return InputError.at(file, line, String.format("not a scenario file: %s (0x%02x) at column %d; a scenario is "
                + "YAML text in UTF-8", what, value, offset - lineStart + 1));
    }
}
