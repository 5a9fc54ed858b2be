package org.jams.gateway.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jams.gateway.audit.trail.AuditHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * The auditor (security officer) role: created only by an admin, reads everything an admin reads and every audit
 * endpoint, changes nothing; and no path, for anyone, deletes or rewrites history.
 */
class AuditorRoleTest extends AuditTestServer {

    private static final Set<RequestMethod> CHANGES = Set.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    /** A user with an active device, an auditor's token, a user's token: made once for this class. */
    record Cast(String user, String device, String auditor, String auditorToken, String userToken) {
    }

    private static Cast cast;

    @Autowired
    private ApplicationContext context;

    private synchronized Cast cast() {
        if (cast == null) {
            String user = unique("role");
            createUser(user);
            String device = enroll(user, "role-phone");
            String auditor = unique("officer");
            String token = auditorToken(auditor);
            cast = new Cast(user, device, auditor, token, login(user, USER_PASSWORD));
        }
        return cast;
    }

    @Test
    void onlyAnAdminCreatesAuditorsAndAnAuditorSignsInWithTheAuditorScope() {
        Cast c = cast();
        String name = unique("officer");

        Response created = expect(201, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username",
                name.toUpperCase(), "password", "officer-password")).send());
        assertThat(created.json().get("username").asText()).isEqualTo(name);
        assertThat(created.json().get("scope").asText()).isEqualTo("AUDITOR");
        expect(409, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", name, "password",
                "officer-password")).send());
        expect(409, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", c.user(), "password",
                "officer-password")).send());
        expect(409, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", ADMIN, "password",
                "officer-password")).send());
        expect(400, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", "x", "password",
                "officer-password")).send());
        expect(400, admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", unique("o"),
                "password", "short")).send());
        long before = eventCount();
        expect(403, http.post("/api/admin/auditors").bearer(c.auditorToken()).json(AuditHttp.json("username",
                unique("o"), "password", "officer-password")).send());
        expect(403, http.post("/api/admin/auditors").bearer(c.userToken()).json(AuditHttp.json("username",
                unique("o"), "password", "officer-password")).send());
        expect(401, http.post("/api/admin/auditors").json(AuditHttp.json("username", unique("o"), "password",
                "officer-password")).send());
        assertThat(eventCount()).isEqualTo(before);

        JsonNode login = expect(200, http.post("/api/login").basic(name, "officer-password").send()).json();
        assertThat(login.get("scope").asText()).isEqualTo("AUDITOR");
        expect(403, http.post("/api/login").basic(name, "wrong-password").send());
        JsonNode auditors = expect(200, http.get("/api/admin/auditors").basic(name, "officer-password").send())
                .json();
        assertThat(auditors.findValuesAsText("username")).contains(name, c.auditor());
        assertThat(auditors.toString()).doesNotContain("argon2");
    }

    /** Admins, auditors and users share one name space: a password login could not tell them apart. */
    @Test
    void aUserCannotTakeTheNameOfAnAuditorOrAnAdminAndNothingIsStored() {
        Cast c = cast();
        long before = eventCount();
        for (String taken : new String[] {c.auditor(), ADMIN}) {
            Response refused = expect(409, admin(http.post("/api/admin/users")).json(AuditHttp.json("username",
                    taken, "password", "user-password-1", "displayName", "Impostor")).send());
            assertThat(refused.json().get("error").asText()).isEqualTo("account_exists");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** Every GET of the admin and audit APIs (those of later items included) lets an auditor in. */
    @Test
    void anAuditorReadsEverythingAnAdminReads() {
        Cast c = cast();
        List<String> checked = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.methods().contains(RequestMethod.GET)
                    || !(endpoint.path().startsWith("/api/admin") || endpoint.path().startsWith("/api/audit"))) {
                continue;
            }
            String path = fill(endpoint.path(), c);
            Response response = http.get(path).bearer(c.auditorToken()).send();
            assertThat(response.status()).as("auditor GET %s: %s", path, response).isNotIn(401, 403);
            checked.add(path);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(9);

        expect(200, http.get("/api/admin/users?q=" + c.user()).bearer(c.auditorToken()).send());
        expect(200, http.get("/api/admin/users/" + c.user()).bearer(c.auditorToken()).send());
        expect(200, http.get("/api/admin/users/" + c.user() + "/devices").bearer(c.auditorToken()).send());
        expect(200, http.get("/api/audit/export?format=csv&user=" + c.user()).bearer(c.auditorToken()).send());
        expect(200, http.get("/api/audit/as-of?at=2100-01-01T00:00:00Z&user=" + c.user()).bearer(c.auditorToken())
                .send());
    }

    /**
     * Every mapped handler that changes something, enumerated from the running server (so endpoints added later are
     * covered): an auditor token gets 403 on the admin and setup APIs, and a 401 or 403 on the device-facing ones,
     * and nothing but the refusal itself is stored. Only signing in, and the audit API's own actions (verify,
     * rebuild), are open to auditors; an OCSP request, a POST that changes nothing, is open to anyone.
     */
    @Test
    void anAuditorIsRefusedOnEveryChangeEndpoint() {
        Cast c = cast();
        List<String> refused = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (RequestMethod method : endpoint.methods()) {
                if (!CHANGES.contains(method) || endpoint.path().equals("/api/login")
                        || endpoint.path().startsWith("/api/audit/")) {
                    continue;
                }
                String path = fill(endpoint.path(), c);
                long before = lastIndex();
                Response response = http.call(method.name(), path).bearer(c.auditorToken())
                        .json(endpoint.listBody() ? "[]" : "{}").send();
                String what = method + " " + path + ": " + response;
                List<String> stored = jdbc.queryForList("SELECT payloadtype FROM domainevententry"
                        + " WHERE globalindex > ?", String.class, before);
                if (path.startsWith("/api/ocsp")) {
                    // OCSP asks with a POST and changes nothing: open to anyone, and nothing is stored.
                    assertThat(stored).as("events after " + what).isEmpty();
                } else if (path.startsWith("/api/admin") || path.startsWith("/api/setup")) {
                    assertThat(response.status()).as(what).isEqualTo(403);
                    assertThat(stored).as("events after " + what).isEmpty();
                } else {
                    assertThat(response.status()).as(what).isIn(401, 403);
                    assertThat(stored).as("events after " + what)
                            .allMatch(type -> type.endsWith("$AccessRefusedEvent"));
                }
                refused.add(method + " " + endpoint.path());
            }
        }
        assertThat(refused).contains("POST /api/admin/users", "DELETE /api/admin/users/{username}",
                "DELETE /api/admin/devices/{deviceId}", "POST /api/admin/auditors", "POST /api/setup/admin",
                "POST /api/setup/ca", "POST /api/setup/directory", "POST /api/setup/settings",
                "POST /api/auth/device", "DELETE /api/auth/device/{deviceId}");
        JsonNode device = expect(200, admin(http.get("/api/admin/users/" + c.user() + "/devices")).send()).json();
        assertThat(device.get(0).get("status").asText()).as("the auditor revoked nothing").isEqualTo("ACTIVE");
    }

    /**
     * No handler deletes, replaces or patches anything under audit, history or events, and the admin's changes only
     * append: the rows stored before them are byte for byte the same afterwards.
     */
    @Test
    void noPathDeletesOrRewritesHistory() {
        for (Endpoint endpoint : endpoints()) {
            String lower = endpoint.path().toLowerCase();
            if (lower.contains("audit") || lower.contains("history") || lower.contains("event")) {
                assertThat(endpoint.methods()).as(endpoint.path())
                        .doesNotContain(RequestMethod.DELETE, RequestMethod.PUT, RequestMethod.PATCH);
            }
        }
        Cast c = cast();
        long last = lastIndex();
        String before = digestUpTo(last);

        String device = enroll(c.user(), "to-revoke");
        expect(200, admin(http.delete("/api/admin/devices/" + device + "?reason=lost")).send());
        expect(409, admin(http.delete("/api/admin/devices/" + device + "?reason=again")).send());

        assertThat(digestUpTo(last)).as("history before the admin's changes").isEqualTo(before);
        assertThat(lastIndex()).isGreaterThan(last);
    }

    private long lastIndex() {
        Long last = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        return last == null ? -1 : last;
    }

    private String digestUpTo(long last) {
        return jdbc.queryForObject("""
                SELECT md5(string_agg(globalindex || ':' || aggregateidentifier || ':' || sequencenumber || ':'
                  || payloadtype || ':' || timestamp || ':' || encode(payload, 'hex') || ':'
                  || coalesce(encode(metadata, 'hex'), ''), ',' ORDER BY globalindex))
                FROM domainevententry WHERE globalindex <= ?""", String.class, last);
    }

    record Endpoint(String path, Set<RequestMethod> methods, boolean listBody) {
    }

    /** Every handler mapped by annotations, from every RequestMappingHandlerMapping of the running server. */
    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class)
                .values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
                boolean listBody = false;
                for (MethodParameter parameter : entry.getValue().getMethodParameters()) {
                    if (parameter.hasParameterAnnotation(RequestBody.class)
                            && Collection.class.isAssignableFrom(parameter.getParameterType())) {
                        listBody = true;
                    }
                }
                for (var pattern : entry.getKey().getPatternsCondition().getPatterns()) {
                    endpoints.add(new Endpoint(pattern.getPatternString(),
                            methods.isEmpty() ? Set.of(RequestMethod.values()) : methods, listBody));
                }
            }
        }
        assertThat(endpoints).as("mapped handlers").hasSizeGreaterThan(15);
        return endpoints;
    }

    private static String fill(String pattern, Cast c) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase();
            String value = name.contains("device") ? c.device() : name.contains("user") ? c.user() : "x";
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }
}
