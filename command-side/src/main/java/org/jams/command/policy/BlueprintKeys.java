package org.jams.command.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jams.api.error.DomainException;
import org.jams.api.stored.EventJson;

/**
 * The Jami client settings a blueprint may set (the daemon's config keys, protocol doc §3.6), each with its type, and
 * how a value is checked and written as the daemon reads it. Keys that would break an enrolled client (its TLS files,
 * the manager's address and name, the archive) are refused by name; so are keys that belong to one person or one
 * device, and any key the daemon does not know.
 */
public final class BlueprintKeys {

    /** How a key's value is checked. */
    public enum Type {
        BOOLEAN("true or false"),
        INTEGER("a whole number"),
        PORT("a port, 1 to 65535"),
        HOST_PORT("a host name or address, with an optional :port"),
        HOST_PORT_LIST("host:port entries separated by ';'"),
        URL("an http or https URL"),
        JAMI_ID_LIST("Jami IDs (40 hexadecimal characters) separated by ','"),
        TEXT("text of at most 256 characters, on one line"),
        JSON("a JSON text, of at most 16384 characters");

        private final String expected;

        Type(String expected) {
            this.expected = expected;
        }

        public String expected() {
            return expected;
        }
    }

    /** A key and its type; integers also have a range. */
    public record Key(String name, Type type, long min, long max) {
    }

    private static final Map<String, Key> KEYS;
    private static final List<String> FORBIDDEN_PREFIXES = List.of("TLS.");
    private static final List<String> FORBIDDEN = List.of("Account.managerUri", "Account.managerUsername",
            "Account.archivePassword", "Account.archivePIN", "Account.archivePath", "Account.archiveHasPassword");
    /** A person's or a device's own: the enrollment sets them. */
    private static final List<String> PERSONAL = List.of("Account.displayName", "Account.alias", "Account.deviceName",
            "Account.username", "Account.type");
    public static final int MAX_SETTINGS = 100;
    private static final int MAX_TEXT = 256;
    private static final int MAX_JSON = 16_384;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern JAMI_ID = Pattern.compile("[0-9a-f]{40}");

    static {
        Map<String, Key> keys = new TreeMap<>();
        for (String name : List.of("Account.enable", "Account.videoEnabled", "Account.autoAnswer",
                "Account.sendReadReceipt", "Account.rendezVous", "Account.ringtoneEnabled", "Account.upnpEnabled",
                "Account.localModeratorsEnabled", "Account.allModeratorEnabled", "Account.publishedSameAsLocal",
                "TURN.enable", "DHT.PublicInCalls", "DHT.AllowFromTrusted", "Account.peerDiscovery",
                "Account.accountDiscovery", "Account.accountPublish", "Account.allowCertFromHistory",
                "Account.allowCertFromContact", "Account.allowCertFromTrusted", "Account.proxyEnabled",
                "Account.proxyListEnabled", "Account.dhtProxyServerEnabled")) {
            keys.put(name, new Key(name, Type.BOOLEAN, 0, 0));
        }
        keys.put("Account.activeCallLimit", new Key("Account.activeCallLimit", Type.INTEGER, -1, 100));
        for (String name : List.of("Account.audioPortMin", "Account.audioPortMax", "Account.videoPortMin",
                "Account.videoPortMax", "DHT.port", "Account.dhtProxyServerPort")) {
            keys.put(name, new Key(name, Type.PORT, 1, 65_535));
        }
        keys.put("Account.hostname", new Key("Account.hostname", Type.HOST_PORT_LIST, 0, 0));
        for (String name : List.of("TURN.server", "Account.proxyServer", "Account.publishedAddress")) {
            keys.put(name, new Key(name, Type.HOST_PORT, 0, 0));
        }
        for (String name : List.of("Account.bootstrapListUrl", "Account.dhtProxyListUrl", "RingNS.uri")) {
            keys.put(name, new Key(name, Type.URL, 0, 0));
        }
        keys.put("Account.defaultModerators", new Key("Account.defaultModerators", Type.JAMI_ID_LIST, 0, 0));
        for (String name : List.of("TURN.username", "TURN.password", "TURN.realm", "Account.useragent",
                "Account.ringtonePath", "Account.mailbox", "Account.localInterface", "Account.dtmfType")) {
            keys.put(name, new Key(name, Type.TEXT, 0, 0));
        }
        keys.put("Account.uiCustomization", new Key("Account.uiCustomization", Type.JSON, 0, 0));
        KEYS = Collections.unmodifiableMap(keys);
    }

    private BlueprintKeys() {
    }

    /** Every key a blueprint may set, by name. */
    public static Map<String, Key> all() {
        return KEYS;
    }

    /**
     * The settings as the daemon will read them (booleans as "true"/"false", numbers without leading zeros, lists
     * without spaces), sorted by key; a DomainException (400) naming the first key that is refused and why.
     */
    public static Map<String, String> normalised(Map<String, String> settings) {
        if (settings == null) {
            throw invalid("missing_settings", "settings is required: an object of Jami client settings.");
        }
        if (settings.size() > MAX_SETTINGS) {
            throw invalid("too_many_settings", "A blueprint sets at most " + MAX_SETTINGS + " keys.");
        }
        Map<String, String> normalised = new TreeMap<>();
        settings.forEach((name, value) -> normalised.put(name, normalised(name, value)));
        return normalised;
    }

    private static String normalised(String name, String value) {
        if (FORBIDDEN.contains(name) || FORBIDDEN_PREFIXES.stream().anyMatch(name::startsWith)) {
            throw invalid("forbidden_key", "The key " + name + " cannot be set by a blueprint: it would break the "
                    + "enrolled client (its certificate files, the server's address or its archive).");
        }
        if (PERSONAL.contains(name)) {
            throw invalid("forbidden_key", "The key " + name + " belongs to each person or device and is set at "
                    + "enrollment; a blueprint cannot set it.");
        }
        Key key = KEYS.get(name);
        if (key == null) {
            throw invalid("unknown_key", "The key " + name + " is not a Jami client setting a blueprint can set; "
                    + "the keys are listed by GET /api/admin/blueprint-keys.");
        }
        if (value == null) {
            throw invalidValue(key, "null");
        }
        String trimmed = value.trim();
        return switch (key.type()) {
            case BOOLEAN -> switch (trimmed.toLowerCase(Locale.ROOT)) {
                case "true" -> "true";
                case "false" -> "false";
                default -> throw invalidValue(key, value);
            };
            case INTEGER, PORT -> {
                long number;
                try {
                    number = Long.parseLong(trimmed);
                } catch (NumberFormatException e) {
                    throw invalidValue(key, value);
                }
                if (number < key.min() || number > key.max()) {
                    throw invalid("invalid_setting", "The key " + name + " must be between " + key.min() + " and "
                            + key.max() + ", not " + number + ".");
                }
                yield Long.toString(number);
            }
            case HOST_PORT -> {
                requireHostPort(key, trimmed, false);
                yield trimmed;
            }
            case HOST_PORT_LIST -> {
                List<String> entries = List.of(trimmed.split(";", -1)).stream().map(String::trim).toList();
                if (entries.isEmpty() || entries.size() > 32) {
                    throw invalidValue(key, value);
                }
                entries.forEach(entry -> requireHostPort(key, entry, true));
                yield String.join(";", entries);
            }
            case URL -> {
                requireUrl(key, trimmed);
                yield trimmed;
            }
            case JAMI_ID_LIST -> {
                List<String> ids = trimmed.isEmpty() ? List.of() : List.of(trimmed.split(",", -1)).stream()
                        .map(id -> id.trim().toLowerCase(Locale.ROOT)).toList();
                if (ids.size() > 100 || !ids.stream().allMatch(id -> JAMI_ID.matcher(id).matches())) {
                    throw invalidValue(key, value);
                }
                yield String.join(",", ids);
            }
            case TEXT -> {
                if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
                    throw invalidValue(key, value);
                }
                yield value;
            }
            case JSON -> {
                if (value.length() > MAX_JSON || value.indexOf('\0') >= 0 || !isJson(value)) {
                    throw invalidValue(key, value);
                }
                yield value;
            }
        };
    }

    private static void requireHostPort(Key key, String value, boolean portRequired) {
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        String host = value;
        String port = null;
        if (colon > 0 && (!bracketed || value.charAt(colon - 1) == ']')) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        if (!HOST.matcher(host).matches() || (port == null && portRequired)) {
            throw invalidValue(key, value);
        }
        if (port != null) {
            try {
                int number = Integer.parseInt(port);
                if (number < 1 || number > 65_535) {
                    throw invalid("invalid_setting", "The key " + key.name() + " has the port " + number
                            + ", outside 1 to 65535.");
                }
            } catch (NumberFormatException e) {
                throw invalidValue(key, value);
            }
        }
    }

    private static boolean isJson(String value) {
        try {
            EventJson.mapper().readTree(value);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void requireUrl(Key key, String value) {
        try {
            URI uri = new URI(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || value.length() > 2048) {
                throw invalidValue(key, value);
            }
        } catch (URISyntaxException e) {
            throw invalidValue(key, value);
        }
    }

    private static DomainException invalidValue(Key key, String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return invalid("invalid_setting", "The key " + key.name() + " must be " + key.type().expected()
                + ", not \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\".");
    }

    private static DomainException invalid(String code, String message) {
        return DomainException.invalid(code, message);
    }
}
