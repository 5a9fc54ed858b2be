package org.jams.command.setup;

import java.util.Map;
import java.util.regex.Pattern;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.error.DomainException;

/**
 * What LDAP and Active Directory settings must hold to be saved. The gateway has already reached the directory with
 * them; these rules keep the event store free of settings no server could use, whoever sends the command.
 */
public final class DirectorySettingsRules {

    private static final Pattern URL = Pattern.compile(
            "ldaps?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:\\d{1,5})?/?");
    /** An attribute description: a name or an OID, with options such as ;binary. */
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z][A-Za-z0-9-]{0,63}|\\d+(\\.\\d+){1,30})(;[A-Za-z0-9-]{1,32}){0,4}");
    private static final Pattern NETBIOS_DOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}");
    private static final int MAX_TEXT = 1024;
    static final int MIN_TIMEOUT_MILLIS = 100;
    static final int MAX_TIMEOUT_MILLIS = 60_000;
    static final int MAX_SYNC_INTERVAL_MINUTES = 7 * 24 * 60;

    private DirectorySettingsRules() {
    }

    public static void requireValid(DirectorySettings settings) {
        if (settings == null) {
            throw invalid("missing_directory_settings", "The directory's connection settings are missing.");
        }
        if (!DirectorySettings.LDAP.equals(settings.type()) && !DirectorySettings.ACTIVE_DIRECTORY.equals(settings.type())) {
            throw invalid("unsupported_directory", "Directory type '" + settings.type()
                    + "' is not supported; use 'local', 'ldap' or 'ad'.");
        }
        String url = requireText("url", settings.url());
        if (!URL.matcher(url).matches() || !portInRange(url)) {
            throw invalid("invalid_url", "url must be ldap://host:port or ldaps://host:port.");
        }
        if (settings.startTls() && url.startsWith("ldaps:")) {
            throw invalid("invalid_start_tls", "StartTLS is for ldap:// URLs; an ldaps:// connection is TLS already.");
        }
        requireText("bindDn", settings.bindDn());
        requireText("userBaseDn", settings.userBaseDn());
        String filter = requireText("userFilter", settings.userFilter());
        if (!filter.startsWith("(") || !filter.endsWith(")") || !filter.contains("{0}")) {
            throw invalid("invalid_userFilter",
                    "userFilter must be an LDAP filter in parentheses where {0} stands for the login, such as (uid={0}).");
        }
        if (settings.groupBaseDn() != null) {
            requireText("groupBaseDn", settings.groupBaseDn());
        }
        requireAttributes(settings.attributes());
        if (settings.trustedCertificatePem() != null
                && !settings.trustedCertificatePem().contains("-----BEGIN CERTIFICATE-----")) {
            throw invalid("invalid_trustedCertificate", "trustedCertificate must be a PEM certificate.");
        }
        if (DirectorySettings.ACTIVE_DIRECTORY.equals(settings.type())
                && (settings.domain() == null || !NETBIOS_DOMAIN.matcher(settings.domain()).matches())) {
            throw invalid("invalid_domain", "domain must be the NetBIOS name of the Windows domain, such as EXAMPLE.");
        }
        requireTimeout("connectTimeoutMillis", settings.connectTimeoutMillis());
        requireTimeout("readTimeoutMillis", settings.readTimeoutMillis());
        if (settings.syncIntervalMinutes() < 0 || settings.syncIntervalMinutes() > MAX_SYNC_INTERVAL_MINUTES) {
            throw invalid("invalid_syncIntervalMinutes", "syncIntervalMinutes must be between 0 (never) and "
                    + MAX_SYNC_INTERVAL_MINUTES + " (a week), not " + settings.syncIntervalMinutes() + ".");
        }
    }

    private static void requireAttributes(Map<String, String> attributes) {
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            if (!DirectorySettings.ROLES.contains(entry.getKey())) {
                throw invalid("invalid_attributes", "attributes has no role '" + entry.getKey() + "'; the roles are "
                        + String.join(", ", DirectorySettings.ROLES) + ".");
            }
            if (entry.getValue() == null || !ATTRIBUTE.matcher(entry.getValue()).matches()) {
                throw invalid("invalid_attributes", "attributes." + entry.getKey()
                        + " must be the name of an LDAP attribute, such as uid.");
            }
        }
        if (!attributes.containsKey("username")) {
            throw invalid("invalid_attributes", "attributes.username names the attribute that holds the username.");
        }
    }

    private static boolean portInRange(String url) {
        int colon = url.lastIndexOf(':');
        int close = url.lastIndexOf(']');
        if (colon < 6 || colon < close) { // "ldap:" or "ldaps:" only, or a colon inside an IPv6 address
            return true;
        }
        String port = url.substring(colon + 1).replace("/", "");
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }

    private static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid("missing_" + field, field + " is required.");
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("invalid_" + field, field + " must be at most " + MAX_TEXT
                    + " characters, without control characters.");
        }
        return value;
    }

    private static void requireTimeout(String field, int millis) {
        if (millis < MIN_TIMEOUT_MILLIS || millis > MAX_TIMEOUT_MILLIS) {
            throw invalid("invalid_" + field, field + " must be between " + MIN_TIMEOUT_MILLIS + " and "
                    + MAX_TIMEOUT_MILLIS + ", not " + millis + ".");
        }
    }

    private static DomainException invalid(String code, String message) {
        return DomainException.invalid(code, message);
    }
}
