package org.jams.gateway.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jams.api.sync.Contact;
import org.jams.gateway.web.ApiError;

/**
 * The client's contact JSON. Types matter on the way back: added/removed are non-negative numbers and
 * confirmed/banned booleans, or the client drops the rest of the list; removed is sent only when non-zero,
 * confirmed and banned only when true, as the client itself writes them.
 */
final class ContactJson {

    private ContactJson() {
    }

    static List<Contact> read(List<Map<String, Object>> body) {
        List<Contact> contacts = new ArrayList<>();
        for (Map<String, Object> item : body) {
            if (item == null) {
                throw ApiError.badRequest("invalid_contact", "Each contact is a JSON object.");
            }
            contacts.add(new Contact(string(item.get("uri")), number(item.get("added")), number(item.get("removed")),
                    Boolean.TRUE.equals(item.get("confirmed")), Boolean.TRUE.equals(item.get("banned")),
                    string(item.get("conversationId"))));
        }
        return contacts;
    }

    static List<Map<String, Object>> write(List<Contact> contacts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Contact contact : contacts) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("uri", contact.uri());
            item.put("added", contact.added());
            if (contact.removed() > 0) {
                item.put("removed", contact.removed());
            }
            if (contact.confirmed()) {
                item.put("confirmed", true);
            }
            if (contact.banned()) {
                item.put("banned", true);
            }
            item.put("conversationId", contact.conversationId() == null ? "" : contact.conversationId());
            out.add(item);
        }
        return out;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiError.badRequest("invalid_contact", "uri and conversationId are strings.");
        }
        return text;
    }

    private static long number(Object value) {
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n) || n.longValue() < 0) {
            throw ApiError.badRequest("invalid_contact", "added and removed are non-negative numbers.");
        }
        return n.longValue();
    }
}
