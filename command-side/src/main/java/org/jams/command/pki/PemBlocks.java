package org.jams.command.pki;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM text (RFC 7468): each label with its DER bytes, decoded by the JDK's strict Base64 decoder.
 * BouncyCastle's PemReader decodes Base64 a character at a time: that was a fifth of the Java work of an enrollment,
 * which reads a CSR and three certificates. Text outside the blocks is ignored, as RFC 7468 allows; a block with
 * headers (the legacy encrypted keys) is not Base64 and is refused, so such keys go through BouncyCastle's PEMParser.
 */
final class PemBlocks {

    record Block(String label, byte[] der) {
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemBlocks() {
    }

    /** @throws IllegalArgumentException if a block has no end or its content is not Base64 */
    static List<Block> read(String text) {
        List<Block> blocks = new ArrayList<>();
        int from = text.indexOf(BEGIN);
        while (from >= 0) {
            int labelStart = from + BEGIN.length();
            int labelEnd = text.indexOf(DASHES, labelStart);
            int lineEnd = text.indexOf('\n', labelStart);
            if (labelEnd < 0 || (lineEnd >= 0 && lineEnd < labelEnd)) {
                throw new IllegalArgumentException("A PEM header line is not closed by -----.");
            }
            String label = text.substring(labelStart, labelEnd);
            String footer = END + label + DASHES;
            int footerAt = text.indexOf(footer, labelEnd + DASHES.length());
            if (footerAt < 0 || lineEnd < 0 || lineEnd > footerAt) {
                throw new IllegalArgumentException("The PEM block " + label + " has no end line.");
            }
            blocks.add(new Block(label, decode(text, lineEnd + 1, footerAt)));
            from = text.indexOf(BEGIN, footerAt + footer.length());
        }
        return blocks;
    }

    /** Base64 between two offsets, without the white space RFC 7468 allows (space, tab, line ends). */
    private static byte[] decode(String text, int start, int end) {
        byte[] base64 = new byte[end - start];
        int length = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("A PEM block holds a character that is not Base64.");
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                base64[length++] = (byte) c;
            }
        }
        return Base64.getDecoder().decode(Arrays.copyOf(base64, length));
    }
}
