package org.jams.gateway.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The few text splits the measurement code needs, without java.util.regex. The enrollment benchmark measures in the
 * server's JVM: a regex split there between the measured slices took String.split down a path the server never takes,
 * so HotSpot dropped its compiled code and compiled it again inside the next slice, on the server's cores.
 */
final class PlainText {

    private PlainText() {
    }

    /** The words of {@code text}, split at runs of whitespace, without empty ones. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /** {@code text} with every run of digits replaced by one N: "GC Thread#1" and "GC Thread#12" are one group. */
    static String digitsFolded(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (i == 0 || text.charAt(i - 1) < '0' || text.charAt(i - 1) > '9') {
                    folded.append('N');
                }
            } else {
                folded.append(c);
            }
        }
        return folded.toString();
    }

    /** Whether {@code text} is a non-empty run of ASCII digits (a process id under /proc). */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
