package org.jams.gateway.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupCommands.ConfigureExternalDirectoryCommand;
import org.jams.command.setup.DirectorySettingsRules;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Settings of an LDAP server or an Active Directory, from the setup API: completed with each type's defaults,
 * checked against the directory itself, then saved with the bind password sealed.
 */
@Component
public class DirectorySetup {

    /** The body of {@code POST /api/setup/directory} and {@code /api/setup/directory/test}. */
    public record DirectoryRequest(String type, String url, Boolean startTls, String bindDn, String bindPassword,
                                   String userBaseDn, String userFilter, Map<String, String> attributes,
                                   String groupBaseDn, String trustedCertificate, String host, Integer port,
                                   Boolean ssl, String domain, Integer connectTimeoutMillis,
                                   Integer readTimeoutMillis, Integer syncIntervalMinutes,
                                   Boolean revokeDevicesOfDisabledUsers) {
        @Override
        public String toString() {
            return "DirectoryRequest[type=" + type + ", url=" + url + ", host=" + host + "]";
        }
    }

    static final String LDAP_USER_FILTER = "(uid={0})";
    /** A person signs in with their sAMAccountName or their userPrincipalName. */
    static final String AD_USER_FILTER = "(&(objectClass=user)(|(sAMAccountName={0})(userPrincipalName={0})))";
    static final Map<String, String> LDAP_ATTRIBUTES = Map.of("username", "uid", "firstName", "givenName",
            "lastName", "sn", "displayName", "cn", "email", "mail", "photo", "jpegPhoto", "groups", "memberOf");
    static final Map<String, String> AD_ATTRIBUTES = Map.of("username", "sAMAccountName", "firstName", "givenName",
            "lastName", "sn", "displayName", "displayName", "email", "mail", "photo", "thumbnailPhoto", "groups",
            "memberOf");
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    static final int READ_TIMEOUT_MILLIS = 5_000;
    static final int SYNC_INTERVAL_MINUTES = 15;
    /** How far the check counts the people the filter finds. */
    static final int PEOPLE_COUNTED = 1_000;

    private final ExternalDirectories directories;
    private final Commands commands;
    private final BlockingWork blocking;

    public DirectorySetup(ExternalDirectories directories, Commands commands, BlockingWork blocking) {
        this.directories = directories;
        this.commands = commands;
        this.blocking = blocking;
    }

    /** Checks the settings against the directory without saving them: what works, or what failed first. */
    public Mono<Map<String, Object>> check(DirectoryRequest request) {
        return blocking.call(() -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            try {
                Checked checked = checked(request);
                answer.put("ok", true);
                answer.put("peopleFound", checked.peopleFound());
                answer.put("settings", view(checked.settings()));
            } catch (DirectoryFailure e) {
                answer.put("ok", false);
                answer.put("failure", e.kind().code());
                answer.put("message", e.getMessage());
            }
            return answer;
        });
    }

    /** Checks the settings, then saves them: every change is an event, the bind password sealed in it. */
    public Mono<Map<String, Object>> configure(DirectoryRequest request, Caller caller, ServerWebExchange exchange) {
        return blocking.call(() -> {
            try {
                return checked(request);
            } catch (DirectoryFailure e) {
                throw ApiError.badRequest("directory_" + e.kind().code(), e.getMessage());
            }
        }).flatMap(checked -> commands.run(new ConfigureExternalDirectoryCommand(ServerSetupId.VALUE,
                checked.settings(), directories.seal(checked.bindPassword())), caller, exchange).then(Mono.fromSupplier(
                () -> {
                    directories.forget();
                    Map<String, Object> answer = view(checked.settings());
                    answer.put("peopleFound", checked.peopleFound());
                    return answer;
                })));
    }

    /** People come from this server's own list again: this node stops using the directory at once. */
    public void localConfigured() {
        directories.forget();
    }

    /** What the settings say, without the bind password, which is never given back. */
    public static Map<String, Object> view(DirectorySettings settings) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", settings.type());
        view.put("url", settings.url());
        view.put("startTls", settings.startTls());
        view.put("bindDn", settings.bindDn());
        view.put("bindPasswordSet", true);
        view.put("userBaseDn", settings.userBaseDn());
        view.put("userFilter", settings.userFilter());
        view.put("attributes", new java.util.TreeMap<>(settings.attributes()));
        view.put("groupBaseDn", settings.groupBaseDn());
        view.put("trustedCertificate", settings.trustedCertificatePem());
        if (settings.domain() != null) {
            view.put("domain", settings.domain());
        }
        view.put("connectTimeoutMillis", settings.connectTimeoutMillis());
        view.put("readTimeoutMillis", settings.readTimeoutMillis());
        view.put("syncIntervalMinutes", settings.syncIntervalMinutes());
        view.put("revokeDevicesOfDisabledUsers", settings.revokeDevicesOfDisabledUsers());
        return view;
    }

    private record Checked(DirectorySettings settings, int peopleFound, String bindPassword) {
        @Override
        public String toString() {
            return "Checked[" + settings.url() + "]";
        }
    }

    /** The complete settings, checked against the directory (blocking); a DirectoryFailure says what failed. */
    private Checked checked(DirectoryRequest request) {
        DirectorySettings settings = settingsOf(Json.body(request));
        // Left out, the password in force is kept, as long as the URL and the read-only account stay the same.
        String bindPassword = request.bindPassword() != null ? request.bindPassword()
                : directories.bindPasswordFor(settings.url(), settings.bindDn()).orElseThrow(() -> ApiError.badRequest(
                        "missing_bindPassword", "bindPassword is required (it may be left out only when url and "
                                + "bindDn stay as they are)."));
        // Nothing reaches the network before the settings are sound (AD's base DN may still be to be read).
        DirectorySettingsRules.requireValid(settings.userBaseDn() != null ? settings
                : withUserBaseDn(settings, "dc=pending"));
        if (settings.userBaseDn() == null) { // Active Directory: the domain's own base DN
            try (LdapConnection connection = LdapConnection.open(settings, bindPassword, false)) {
                settings = withUserBaseDn(settings, connection.defaultNamingContext());
            }
        }
        DirectorySettingsRules.requireValid(settings);
        try (LdapConnection connection = LdapConnection.open(settings, bindPassword, false)) {
            return new Checked(settings, connection.check(PEOPLE_COUNTED), bindPassword);
        }
    }

    /** The request with its type's defaults. Incomplete or contradictory requests are a 400. */
    static DirectorySettings settingsOf(DirectoryRequest request) {
        String type = Json.required(request.type(), "type");
        int connectTimeout = request.connectTimeoutMillis() == null ? CONNECT_TIMEOUT_MILLIS
                : request.connectTimeoutMillis();
        int readTimeout = request.readTimeoutMillis() == null ? READ_TIMEOUT_MILLIS : request.readTimeoutMillis();
        int syncInterval = request.syncIntervalMinutes() == null ? SYNC_INTERVAL_MINUTES
                : request.syncIntervalMinutes();
        boolean revokeDevices = !Boolean.FALSE.equals(request.revokeDevicesOfDisabledUsers());
        boolean startTls = Boolean.TRUE.equals(request.startTls());
        String certificate = blankToNull(request.trustedCertificate());
        String groupBaseDn = blankToNull(request.groupBaseDn());
        if (DirectorySettings.LDAP.equals(type)) {
            return new DirectorySettings(type, Json.required(request.url(), "url"), startTls,
                    Json.required(request.bindDn(), "bindDn"), Json.required(request.userBaseDn(), "userBaseDn"),
                    request.userFilter() == null ? LDAP_USER_FILTER : request.userFilter(),
                    merged(LDAP_ATTRIBUTES, request.attributes()), groupBaseDn, certificate, null, connectTimeout,
                    readTimeout, syncInterval, revokeDevices);
        }
        if (DirectorySettings.ACTIVE_DIRECTORY.equals(type)) {
            String host = Json.required(request.host(), "host");
            boolean ssl = Boolean.TRUE.equals(request.ssl());
            int port = request.port() == null ? (ssl ? 636 : 389) : request.port();
            if (port < 1 || port > 65535) {
                throw ApiError.badRequest("invalid_port", "port must be between 1 and 65535.");
            }
            String url = (ssl ? "ldaps://" : "ldap://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            return new DirectorySettings(type, url, startTls, Json.required(request.bindDn(), "bindDn"),
                    blankToNull(request.userBaseDn()),
                    request.userFilter() == null ? AD_USER_FILTER : request.userFilter(),
                    merged(AD_ATTRIBUTES, request.attributes()), groupBaseDn, certificate,
                    Json.required(request.domain(), "domain"), connectTimeout, readTimeout, syncInterval,
                    revokeDevices);
        }
        throw ApiError.badRequest("unsupported_directory", "Directory type '" + type
                + "' is not supported; use 'local', 'ldap' or 'ad'.");
    }

    private static DirectorySettings withUserBaseDn(DirectorySettings s, String userBaseDn) {
        if (userBaseDn == null) {
            throw new DirectoryFailure(DirectoryFailure.Kind.BASE_DN_NOT_FOUND,
                    "The directory does not say its base DN (defaultNamingContext); give userBaseDn.");
        }
        return new DirectorySettings(s.type(), s.url(), s.startTls(), s.bindDn(), userBaseDn, s.userFilter(),
                s.attributes(), s.groupBaseDn(), s.trustedCertificatePem(), s.domain(), s.connectTimeoutMillis(),
                s.readTimeoutMillis(), s.syncIntervalMinutes(), s.revokeDevicesOfDisabledUsers());
    }

    private static Map<String, String> merged(Map<String, String> defaults, Map<String, String> given) {
        Map<String, String> attributes = new LinkedHashMap<>(defaults);
        if (given != null) {
            given.forEach((role, attribute) -> {
                if (attribute == null || attribute.isBlank()) {
                    attributes.remove(role);
                } else {
                    attributes.put(role, attribute);
                }
            });
        }
        return attributes;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
