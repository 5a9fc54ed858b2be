package org.jams.gateway.jami;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the GVariant text format that {@code gdbus} prints and accepts.
 *
 * <p>Parsed values: strings → {@link String}, integers → {@link Long}, doubles → {@link Double},
 * booleans → {@link Boolean}, tuples and arrays → {@link List}, dicts → {@link LinkedHashMap}.
 * Type annotations ({@code @a{ss} {}}, {@code uint32 5}, {@code objectpath '/x'}) and variants
 * ({@code <'x'>}) are unwrapped, because callers already know the D-Bus signature.
 */
final class GVariantText {

    private final String text;
    private int pos;

    private GVariantText(String text) {
        this.text = text;
    }

    /** Parses one complete value, e.g. the {@code ('abc',)} tuple printed by {@code gdbus call}. */
    static Object parse(String text) {
        GVariantText p = new GVariantText(text.strip());
        Object value = p.value();
        p.skipSpace();
        if (p.pos != p.text.length()) {
            throw p.error("trailing text");
        }
        return value;
    }

    /** Parses a tuple and returns its members. */
    static List<Object> parseTuple(String text) {
        Object value = parse(text);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("not a tuple: " + text);
        }
        return new ArrayList<>(list);
    }

    /** A string literal gdbus accepts as an argument for any 's' parameter. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }

    /** An {@code a{ss}} literal. The {@code @a{ss}} annotation keeps an empty map well typed. */
    static String stringMap(Map<String, String> map) {
        StringBuilder b = new StringBuilder("@a{ss} {");
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        return b.append('}').toString();
    }

    // ---- recursive descent over the subset g_variant_print() produces ----

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(':
                return sequence('(', ')');
            case '[':
                return sequence('[', ']');
            case '{':
                return dict();
            case '<': {
                pos++;
                Object inner = value();
                expect('>');
                return inner;
            }
            case '@': {
                // Type annotation, e.g. "@as []": the type string has no spaces.
                while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                return value();
            }
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if (c == 'b' && pos + 1 < text.length() && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
            pos++; // bytestring b'...': treat as text
            return string();
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return number();
        }
        String word = word();
        switch (word) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "nothing":
                return null;
            case "just":
            case "byte": case "int16": case "uint16": case "int32": case "uint32":
            case "int64": case "uint64": case "handle": case "double":
            case "objectpath": case "signature":
                return value(); // type keyword prefix: the value follows
            default:
                throw error("unknown word '" + word + "'");
        }
    }

    private List<Object> sequence(char open, char close) {
        expect(open);
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek(close)) {
            pos++;
            return items;
        }
        while (true) {
            items.add(value());
            skipSpace();
            if (peek(',')) {
                pos++;
                skipSpace();
                if (peek(close)) { // one-element tuple "(x,)"
                    pos++;
                    return items;
                }
            } else {
                expect(close);
                return items;
            }
        }
    }

    private Map<Object, Object> dict() {
        expect('{');
        Map<Object, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek('}')) {
            pos++;
            return map;
        }
        while (true) {
            Object key = value();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private String string() {
        char quoteChar = text.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quoteChar) {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'u' -> b.append(codePoint(4));
                case 'U' -> b.append(codePoint(8));
                default -> b.append(e); // \\ \' \" and anything else: the character itself
            }
        }
    }

    private String codePoint(int hexDigits) {
        int cp = Integer.parseInt(text.substring(pos, pos + hexDigits), 16);
        pos += hexDigits;
        return new String(Character.toChars(cp));
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789abcdefABCDEFxX.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        String lower = n.toLowerCase();
        if (lower.startsWith("0x") || lower.startsWith("-0x")) {
            boolean negative = lower.startsWith("-");
            long v = Long.parseUnsignedLong(lower.substring(negative ? 3 : 2), 16);
            return negative ? -v : v;
        }
        if (lower.contains(".") || lower.contains("e")) {
            return Double.parseDouble(n);
        }
        return Long.parseLong(n.startsWith("+") ? n.substring(1) : n);
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, pos - 40);
        int to = Math.min(text.length(), pos + 40);
        return new IllegalArgumentException(
                "GVariant text: " + what + " at " + pos + " near «" + text.substring(from, to) + "»");
    }
}
