package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The parser against text that gdbus 2.74 really printed for jamid replies and signals. */
class GVariantTextTest {

    @Test
    void readsTheQuotingGdbusChoosesForStringsWithQuotes() {
        // getAccountDetails of an account whose fields held these values (gdbus, LC_ALL=C.UTF-8)
        Object parsed = GVariantText.parse("({'Account.alias': \"it's\", 'Account.displayName': "
                + "'nl\\nTab\\t\\\\ \\u0001 é €', 'Account.mailbox': \"both '\\\"\", "
                + "'Account.username': 'say \"hi\"'},)");
        Map<Object, Object> details = asMap(((List<?>) parsed).get(0));
        assertEquals("it's", details.get("Account.alias"));
        assertEquals("nl\nTab\t\\ \u0001 é €", details.get("Account.displayName"));
        assertEquals("both '\"", details.get("Account.mailbox"));
        assertEquals("say \"hi\"", details.get("Account.username"));
    }

    @Test
    void readsTypedEmptyContainersAndSignalTuples() {
        assertEquals(List.of(List.of()), GVariantText.parseTuple("(@aa{ss} [],)"));
        assertEquals(List.of(Map.of()), GVariantText.parseTuple("(@a{ss} {},)"));
        assertEquals(List.of(List.of()), GVariantText.parseTuple("(@as [],)"));
        assertEquals(List.of(), GVariantText.parseTuple("()"));
        assertEquals(List.of("634eadfa9e81af82", "ERROR_GENERIC", 0L, ""),
                GVariantText.parseTuple("('634eadfa9e81af82', 'ERROR_GENERIC', 0, '')"));
        assertEquals(List.of("a", 3L, List.of(Map.of("id", "x", "username", "bob"))),
                GVariantText.parseTuple("('a', 3, [{'id': 'x', 'username': 'bob'}])"));
        assertEquals(List.of(true, -7L, 42L, "/p"),
                GVariantText.parseTuple("(true, -7, uint32 42, objectpath '/p')"));
        assertEquals(List.of(Map.of("Serial", 0L)), GVariantText.parseTuple("({'Serial': <uint32 0>},)"));
    }

    @Test
    void writesLiteralsGdbusParsesBack() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("k", "it's a \\ \"q\"\n");
        String literal = GVariantText.stringMap(m);
        assertEquals("@a{ss} {'k': 'it\\'s a \\\\ \"q\"\\n'}", literal);
        assertEquals(m, GVariantText.parse(literal));
        assertEquals(Map.of(), GVariantText.parse(GVariantText.stringMap(Map.of())));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        return (Map<Object, Object>) o;
    }
}
