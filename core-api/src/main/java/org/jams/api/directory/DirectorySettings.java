package org.jams.api.directory;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the server reaches an LDAP server or an Active Directory to find people and check their passwords. The bind
 * password is not part of it: it travels and is stored sealed, next to these settings.
 *
 * @param type                  {@link #LDAP} or {@link #ACTIVE_DIRECTORY}
 * @param url                   {@code ldap://host:port} or {@code ldaps://host:port}
 * @param startTls              whether an {@code ldap://} connection switches to TLS before any bind
 * @param bindDn                the read-only account that finds people
 * @param userBaseDn            where people are searched, the whole subtree
 * @param userFilter            the filter that finds a person by what they type at login, as {@code {0}}
 * @param attributes            the directory attribute of each of {@link #ROLES}
 * @param groupBaseDn           where groups are searched; null for none
 * @param trustedCertificatePem the CA that signed the server's certificate; null to use the JVM's trust store
 * @param domain                Active Directory's NetBIOS domain (WINDOMAIN); null for LDAP
 * @param syncIntervalMinutes   how often the people who came from the directory are compared with it; 0 for never
 * @param revokeDevicesOfDisabledUsers whether the comparison revokes the devices of people the directory disabled or
 *                              no longer has
 */
public record DirectorySettings(String type, String url, boolean startTls, String bindDn, String userBaseDn,
                                String userFilter, Map<String, String> attributes, String groupBaseDn,
                                String trustedCertificatePem, String domain, int connectTimeoutMillis,
                                int readTimeoutMillis, int syncIntervalMinutes,
                                boolean revokeDevicesOfDisabledUsers) {

    public static final String LDAP = "ldap";
    public static final String ACTIVE_DIRECTORY = "ad";

    /** What the server reads of a person, in the order of the attributes map. */
    public static final List<String> ROLES = List.of("username", "firstName", "lastName", "displayName", "email",
            "photo", "groups");

    public DirectorySettings {
        // Sorted, so the stored JSON of equal settings is the same bytes.
        attributes = Collections.unmodifiableMap(attributes == null ? new TreeMap<>() : new TreeMap<>(attributes));
    }

    /** The attribute that holds a role's value, or null when the directory has none. */
    public String attribute(String role) {
        return attributes.get(role);
    }
}
