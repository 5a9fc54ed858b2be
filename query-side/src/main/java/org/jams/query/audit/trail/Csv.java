package org.jams.query.audit.trail;

import java.util.List;

/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF; a field that holds a comma, a double
 * quote, a line break or leading or trailing white space is enclosed in double quotes, its quotes doubled. A null
 * field is written empty.
 */
public final class Csv {

    private Csv() {
    }

    public static String record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            field(fields.get(i), line);
        }
        return line.append("\r\n").toString();
    }

    static void field(String value, StringBuilder out) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!needsQuotes(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsQuotes(String value) {
        if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
