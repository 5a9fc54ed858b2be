package org.jams.gateway.directory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jams.api.directory.DirectorySettings;
import org.jams.command.directory.Usernames;
import org.springframework.ldap.control.PagedResultsControlExchangeDirContextProcessor;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.ContextMapper;
import org.springframework.ldap.core.DirContextAdapter;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.DefaultTlsDirContextAuthenticationStrategy;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.ldap.core.support.SingleContextSource;
import org.springframework.ldap.filter.AndFilter;
import org.springframework.ldap.filter.EqualsFilter;
import org.springframework.ldap.filter.HardcodedFilter;
import org.springframework.ldap.filter.OrFilter;
import org.springframework.ldap.filter.WhitespaceWildcardsFilter;
import org.springframework.ldap.query.LdapQuery;
import org.springframework.ldap.query.LdapQueryBuilder;
import org.springframework.ldap.query.SearchScope;
import org.springframework.ldap.support.LdapUtils;

/**
 * One directory reached with Spring LDAP: the read-only account's connections, pooled, find people; a person's
 * password is checked by a bind as their entry on a connection of its own. Every value a person typed goes into the
 * filter through Spring LDAP's encoding, never glued in. Connect and read timeouts come from the settings.
 */
final class LdapConnection implements AutoCloseable {

    /** Active Directory: userAccountControl's ACCOUNTDISABLE flag. */
    private static final int ACCOUNT_DISABLED = 0x2;
    /** Active Directory's accountExpires for "never" (also 0). */
    private static final long NEVER_EXPIRES = 0x7FFFFFFFFFFFFFFFL;
    /** 100-ns intervals between 1601-01-01 (Windows' epoch) and 1970-01-01. */
    private static final long WINDOWS_EPOCH_OFFSET = 116_444_736_000_000_000L;
    private static final int MAX_POOLED = 8;
    /** Groups read of one person at most (the aggregate keeps 500). */
    private static final int MAX_GROUPS = 1000;
    /** Photos above this are not sent to devices (a directory photo is a thumbnail; JAMS clients show avatars). */
    static final int MAX_PHOTO_BYTES = 256 * 1024;

    private final DirectorySettings settings;
    private final LdapContextSource direct;
    /** Whether connections are kept for the next operation (a settings check opens and closes its own). */
    private final boolean keepConnections;
    /** Open connections bound as the read-only account, most recently used first. */
    private final BlockingDeque<DirContext> idleReaders = new LinkedBlockingDeque<>(MAX_POOLED);
    private final SSLSocketFactory trustedTls;
    /** Open connections used only to check people's passwords, most recently used first. */
    private final BlockingDeque<LdapContext> idleBinds = new LinkedBlockingDeque<>(MAX_POOLED);

    private LdapConnection(DirectorySettings settings, LdapContextSource direct, boolean keepConnections,
                           SSLSocketFactory trustedTls) {
        this.settings = settings;
        this.direct = direct;
        this.keepConnections = keepConnections;
        this.trustedTls = trustedTls;
    }

    /** Spring LDAP's template over one open connection, for searches that ask for at most what they use. */
    private static LdapTemplate template(DirContext connection) {
        LdapTemplate template = strictTemplate(connection);
        template.setIgnoreSizeLimitExceededException(true);
        return template;
    }

    /**
     * A template whose searches fail when the directory cuts them at its size limit: for lookups whose missing
     * answers would read as people gone from the directory.
     */
    private static LdapTemplate strictTemplate(DirContext connection) {
        LdapTemplate template = new LdapTemplate(new SingleContextSource(connection));
        template.setIgnorePartialResultException(true); // Active Directory's referrals at the end of a search
        template.setIgnoreNameNotFoundException(false);
        template.setIgnoreSizeLimitExceededException(false);
        return template;
    }

    /**
     * Runs work on a connection of the read-only account: an idle one when there is one, else a new one; kept for
     * the next operation unless it broke. A kept connection that turns out closed (the directory restarted, or
     * dropped it while idle) is retried once on a new connection, and the other idle ones, likely closed too, are
     * let go; a timeout is not retried: a slow directory would only be waited for twice.
     */
    private <T> T withReader(Function<LdapTemplate, T> work) {
        return withReader(LdapConnection::template, work);
    }

    private <T> T withReader(Function<DirContext, LdapTemplate> templates, Function<LdapTemplate, T> work) {
        for (int attempt = 0; ; attempt++) {
            DirContext connection = idleReaders.pollFirst();
            boolean kept = connection != null;
            if (!kept) {
                connection = direct.getReadOnlyContext();
            }
            try {
                T result = work.apply(templates.apply(connection));
                release(connection);
                return result;
            } catch (RuntimeException e) {
                if (!broken(e)) {
                    release(connection); // an answer such as "no such entry": the connection is fine
                    throw e;
                }
                closeQuietly(connection);
                if (!kept || attempt > 0 || timedOut(e)) {
                    throw e;
                }
                for (DirContext idle = idleReaders.pollFirst(); idle != null; idle = idleReaders.pollFirst()) {
                    closeQuietly(idle);
                }
            }
        }
    }

    private void release(DirContext connection) {
        if (!keepConnections || !idleReaders.offerFirst(connection)) {
            closeQuietly(connection);
        }
    }

    private static boolean broken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.naming.CommunicationException
                    || cause instanceof javax.naming.ServiceUnavailableException
                    || cause instanceof java.io.IOException || timedOut(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connections to the directory of these settings. {@code pooled} keeps up to {@value #MAX_POOLED} connections of
     * the read-only account open; a settings check opens and closes its own.
     */
    static LdapConnection open(DirectorySettings settings, String bindPassword, boolean pooled) {
        SSLSocketFactory trustedTls = trustedTls(settings.trustedCertificatePem());
        LdapContextSource source = new LdapContextSource();
        source.setUrl(settings.url());
        source.setUserDn(settings.bindDn());
        source.setPassword(bindPassword);
        source.setPooled(false);
        source.setReferral("ignore");
        Map<String, Object> environment = new HashMap<>();
        environment.put("com.sun.jndi.ldap.connect.timeout", Integer.toString(settings.connectTimeoutMillis()));
        environment.put("com.sun.jndi.ldap.read.timeout", Integer.toString(settings.readTimeoutMillis()));
        if (settings.attribute("photo") != null) { // jpegPhoto and thumbnailPhoto are binary anyway; others are not
            environment.put("java.naming.ldap.attributes.binary", settings.attribute("photo"));
        }
        if (trustedTls != null && settings.url().startsWith("ldaps:")) {
            environment.put("java.naming.ldap.factory.socket", DirectorySockets.class.getName());
        }
        source.setBaseEnvironmentProperties(environment);
        if (settings.startTls()) {
            DefaultTlsDirContextAuthenticationStrategy startTls = new DefaultTlsDirContextAuthenticationStrategy();
            if (trustedTls != null) {
                startTls.setSslSocketFactory(trustedTls);
            }
            startTls.setShutdownTlsGracefully(true);
            source.setAuthenticationStrategy(startTls);
        }
        source.afterPropertiesSet();
        return new LdapConnection(settings, source, pooled, trustedTls);
    }

    /** The person whose login (what they type) the user filter matches; empty when none or several match. */
    Optional<DirectoryPerson> findPerson(String login) {
        LdapQuery query = LdapQueryBuilder.query().base(settings.userBaseDn()).searchScope(SearchScope.SUBTREE)
                .countLimit(2).timeLimit(settings.readTimeoutMillis()).attributes(attributesToRead(true))
                .filter(settings.userFilter(), login);
        List<DirectoryPerson> found = call(() -> withReader(template -> {
            List<DirectoryPerson> matches = template.search(query, (ContextMapper<DirectoryPerson>) this::person);
            return matches.size() == 1 ? withGroupsSearched(template, matches) : matches;
        }));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * The people among these usernames whom the user filter still finds, by lower-cased username: one search for
     * them all, each name escaped by Spring LDAP's filter classes. Fails rather than answer in part when the
     * directory's size limit cuts the answer.
     */
    Map<String, DirectoryPerson> findByUsernames(List<String> usernames) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        OrFilter anyOf = new OrFilter();
        usernames.forEach(username -> anyOf.or(new EqualsFilter(settings.attribute("username"), username)));
        AndFilter filter = new AndFilter().and(anyOf)
                .and(new HardcodedFilter(everyoneFilter()));
        LdapQuery query = LdapQueryBuilder.query().base(settings.userBaseDn()).searchScope(SearchScope.SUBTREE)
                .countLimit(usernames.size() * 2).timeLimit(settings.readTimeoutMillis())
                .attributes(attributesToRead(true)).filter(filter);
        // Strict: a directory cutting the answer at its size limit must not make people look gone.
        List<DirectoryPerson> found = call(() -> withReader(LdapConnection::strictTemplate,
                template -> withGroupsSearched(template, template.search(query,
                        (ContextMapper<DirectoryPerson>) this::person))));
        Map<String, DirectoryPerson> byUsername = new HashMap<>();
        for (DirectoryPerson person : found) {
            if (person.username() != null) {
                byUsername.put(Usernames.canonical(person.username()), person);
            }
        }
        return byUsername;
    }

    /**
     * The people whose username, names or email contain the text (spaces match anything), sorted by username, at most
     * {@code limit}: one search, the text escaped by Spring LDAP's filter. An empty text lists people too.
     */
    List<DirectoryPerson> search(String text, int limit) {
        LdapQuery query = LdapQueryBuilder.query().base(settings.userBaseDn()).searchScope(SearchScope.SUBTREE)
                .countLimit(limit).timeLimit(settings.readTimeoutMillis()).attributes(attributesToRead(true))
                .filter(matchingFilter(text));
        List<DirectoryPerson> found = new ArrayList<>(call(() -> withReader(template -> template.search(query,
                (ContextMapper<DirectoryPerson>) this::person))));
        found.removeIf(person -> person.username() == null);
        found.sort(java.util.Comparator.comparing(person -> Usernames.canonical(person.username())));
        return found;
    }

    /**
     * Every person the user filter finds under the base DN, a page at a time through the paged results control (RFC
     * 2696) on one connection of its own, without photos: a listing of any size holds one page in memory. A page cut
     * by the directory's size limit fails the listing, which would otherwise look like people gone.
     */
    PeoplePages everyone(int pageSize) {
        return new PeoplePages(pageSize, everyoneFilter());
    }

    /** Like {@link #everyone}, the people whose username, names or email contain the text (spaces match anything). */
    PeoplePages matching(String text, int pageSize) {
        return new PeoplePages(pageSize, matchingFilter(text).encode());
    }

    /** A listing of people, page by page; {@link #next} answers null after the last page. */
    final class PeoplePages implements AutoCloseable {

        private final PagedResultsControlExchangeDirContextProcessor paging;
        private final String filter;
        private final SearchControls controls = new SearchControls();
        private DirContext connection;
        private boolean done;

        private PeoplePages(int pageSize, String filter) {
            this.filter = filter;
            paging = new PagedResultsControlExchangeDirContextProcessor(pageSize);
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setTimeLimit(settings.readTimeoutMillis());
            controls.setReturningAttributes(attributesToRead(false));
            controls.setReturningObjFlag(true);
        }

        List<DirectoryPerson> next() {
            if (done) {
                return null;
            }
            List<DirectoryPerson> page = call(() -> {
                if (connection == null) {
                    connection = direct.getReadOnlyContext();
                }
                return strictTemplate(connection).search(settings.userBaseDn(), filter, controls,
                        (ContextMapper<DirectoryPerson>) LdapConnection.this::person, paging);
            });
            done = !paging.hasMore();
            return page;
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }
    }

    /**
     * People whose username, names or email contain the text (spaces match anything), the text escaped by Spring
     * LDAP's filter; everyone for a blank text.
     */
    private AndFilter matchingFilter(String text) {
        AndFilter filter = new AndFilter().and(new HardcodedFilter(everyoneFilter()));
        if (!text.isBlank()) {
            OrFilter anyField = new OrFilter();
            for (String role : List.of("username", "firstName", "lastName", "displayName", "email")) {
                String attribute = settings.attribute(role);
                if (attribute != null) {
                    anyField.or(new WhitespaceWildcardsFilter(attribute, text.trim()));
                }
            }
            filter.and(anyField);
        }
        return filter;
    }

    /** The user filter with a wildcard for the login: our own text, never a person's. */
    private String everyoneFilter() {
        return settings.userFilter().replace("{0}", "*");
    }

    /**
     * Whether the directory accepts this password for this entry. An empty password is never sent. The bind goes
     * over a connection kept for binds when one is idle (LDAP v3 binds again on an open connection, sparing a TCP and
     * TLS handshake per sign-in), else over a new one, which is kept afterwards if there is room.
     */
    boolean passwordMatches(String dn, String password) {
        if (password == null || password.isEmpty()) {
            return false; // an LDAP bind with an empty password is an anonymous bind, which servers accept
        }
        return call(() -> {
            LdapContext reused = idleBinds.pollFirst();
            if (reused != null) {
                try {
                    return bindAgain(reused, dn, password);
                } catch (javax.naming.NamingException e) {
                    closeQuietly(reused);
                    if (String.valueOf(e.getMessage()).contains("timed out")) {
                        throw LdapUtils.convertLdapException(e); // a slow directory: no second wait
                    }
                    // the kept connection was closed (a restart, an idle timeout): a new one below
                }
            }
            DirContext context;
            try {
                context = direct.getContext(dn, password);
            } catch (org.springframework.ldap.AuthenticationException e) {
                return false;
            }
            keepForBinds(context);
            return true;
        });
    }

    /** Binds as {@code dn} on an open connection; a refused password leaves the connection usable. */
    private boolean bindAgain(LdapContext context, String dn, String password) throws javax.naming.NamingException {
        boolean matches;
        try {
            context.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
            context.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
            context.reconnect(context.getConnectControls());
            matches = true;
        } catch (javax.naming.AuthenticationException e) {
            matches = false;
        }
        keepForBinds(context);
        return matches;
    }

    private void keepForBinds(DirContext context) {
        if (context instanceof LdapContext ldapContext) {
            try {
                ldapContext.removeFromEnvironment(Context.SECURITY_CREDENTIALS); // no password kept in memory
            } catch (javax.naming.NamingException e) {
                closeQuietly(context);
                return;
            }
            if (idleBinds.offerFirst(ldapContext)) {
                return;
            }
        }
        closeQuietly(context);
    }

    /**
     * Checks the settings step by step (connect and bind, base DN, a person matching the filter) and throws the
     * first failure. Answers how many people the filter finds, counted up to {@code countUpTo}.
     */
    int check(int countUpTo) {
        return call(() -> withReader(template -> {
            requireEntry(template, settings.userBaseDn(), "userBaseDn");
            if (settings.groupBaseDn() != null) {
                requireEntry(template, settings.groupBaseDn(), "groupBaseDn");
            }
            LdapQuery anyone = LdapQueryBuilder.query().base(settings.userBaseDn()).searchScope(SearchScope.SUBTREE)
                    .countLimit(countUpTo).timeLimit(settings.readTimeoutMillis()).attributes("objectClass")
                    .filter(new HardcodedFilter(everyoneFilter()));
            List<Boolean> people = template.search(anyone, (AttributesMapper<Boolean>) attributes -> true);
            if (people.isEmpty()) {
                throw new DirectoryFailure(DirectoryFailure.Kind.NO_USER_MATCHES, "No entry under userBaseDn matches "
                        + "userFilter " + settings.userFilter() + ".");
            }
            return people.size();
        }));
    }

    /** Active Directory's base DN of the domain, read from the root DSE. */
    String defaultNamingContext() {
        return call(() -> withReader(template -> template.lookup("", new String[] {"defaultNamingContext"},
                (AttributesMapper<String>) attributes -> text(attributes, "defaultNamingContext"))));
    }

    private static void requireEntry(LdapTemplate template, String dn, String field) {
        try {
            template.lookup(dn, new String[] {"objectClass"}, (AttributesMapper<Boolean>) attributes -> true);
        } catch (org.springframework.ldap.NameNotFoundException e) {
            throw new DirectoryFailure(DirectoryFailure.Kind.BASE_DN_NOT_FOUND, "The directory has no entry "
                    + dn + " (" + field + ").");
        }
    }

    private String[] attributesToRead(boolean withPhoto) {
        Set<String> names = new LinkedHashSet<>();
        for (String role : List.of("username", "firstName", "lastName", "displayName", "email", "photo", "groups")) {
            String attribute = withPhoto || !role.equals("photo") ? settings.attribute(role) : null;
            if (attribute != null) {
                names.add(attribute);
            }
        }
        if (DirectorySettings.ACTIVE_DIRECTORY.equals(settings.type())) {
            names.add("userAccountControl");
            names.add("accountExpires");
        }
        return names.toArray(String[]::new);
    }

    private DirectoryPerson person(Object found) throws NamingException {
        DirContextAdapter entry = (DirContextAdapter) found;
        Attributes attributes = entry.getAttributes();
        boolean disabled = false;
        if (DirectorySettings.ACTIVE_DIRECTORY.equals(settings.type())) {
            String control = text(attributes, "userAccountControl");
            String expires = text(attributes, "accountExpires");
            disabled = (control != null && (Long.parseLong(control) & ACCOUNT_DISABLED) != 0) || expired(expires);
        }
        return new DirectoryPerson(entry.getNameInNamespace(), role(attributes, "username"),
                role(attributes, "displayName"), role(attributes, "firstName"), role(attributes, "lastName"),
                role(attributes, "email"), photo(attributes), groups(attributes), disabled);
    }

    /** The photo as base64, unless it is larger than a client should be sent. */
    private String photo(Attributes attributes) throws NamingException {
        String name = settings.attribute("photo");
        Attribute attribute = name == null ? null : attributes.get(name);
        if (attribute == null || attribute.size() == 0 || !(attribute.get() instanceof byte[] bytes)
                || bytes.length == 0 || bytes.length > MAX_PHOTO_BYTES) {
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * For directories that keep no memberOf on people (no groups attribute in the settings) but have a group base DN:
     * each person's groups are the entries under it that list them as a member (groupOfNames' member or
     * groupOfUniqueNames' uniqueMember), one search per person, their DN escaped by Spring LDAP's filter.
     */
    private List<DirectoryPerson> withGroupsSearched(LdapTemplate template, List<DirectoryPerson> people) {
        if (settings.attribute("groups") != null || settings.groupBaseDn() == null) {
            return people;
        }
        List<DirectoryPerson> withGroups = new ArrayList<>();
        for (DirectoryPerson person : people) {
            OrFilter memberOf = new OrFilter()
                    .or(new AndFilter().and(new EqualsFilter("objectClass", "groupOfNames"))
                            .and(new EqualsFilter("member", person.dn())))
                    .or(new AndFilter().and(new EqualsFilter("objectClass", "groupOfUniqueNames"))
                            .and(new EqualsFilter("uniqueMember", person.dn())));
            LdapQuery groups = LdapQueryBuilder.query().base(settings.groupBaseDn()).searchScope(SearchScope.SUBTREE)
                    .countLimit(MAX_GROUPS).timeLimit(settings.readTimeoutMillis()).attributes("1.1")
                    .filter(memberOf);
            List<String> dns = new ArrayList<>(template.search(groups, (ContextMapper<String>) entry ->
                    ((DirContextAdapter) entry).getNameInNamespace()));
            dns.sort(null);
            withGroups.add(new DirectoryPerson(person.dn(), person.username(), person.displayName(),
                    person.firstName(), person.lastName(), person.email(), person.photoBase64(), List.copyOf(dns),
                    person.disabled()));
        }
        return withGroups;
    }

    /**
     * The DNs of the person's groups (the groups role's attribute, memberOf by default), those under the group base DN
     * when the settings name one, sorted. The directory's bounds apply as it holds them: the aggregate bounds again.
     */
    private List<String> groups(Attributes attributes) throws NamingException {
        String name = settings.attribute("groups");
        Attribute attribute = name == null ? null : attributes.get(name);
        if (attribute == null) {
            return List.of();
        }
        LdapName base = settings.groupBaseDn() == null ? null : ldapName(settings.groupBaseDn());
        Set<String> groups = new java.util.TreeSet<>();
        for (int i = 0; i < attribute.size(); i++) {
            Object value = attribute.get(i);
            String dn = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
            LdapName group = ldapName(dn);
            if (group != null && (base == null || group.startsWith(base))) {
                groups.add(dn);
            }
        }
        return List.copyOf(groups);
    }

    private static LdapName ldapName(String dn) {
        try {
            return new LdapName(dn);
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
    }

    private static boolean expired(String accountExpires) {
        if (accountExpires == null) {
            return false;
        }
        long value = Long.parseLong(accountExpires);
        if (value == 0 || value == NEVER_EXPIRES) {
            return false;
        }
        long epochMillis = (value - WINDOWS_EPOCH_OFFSET) / 10_000;
        return Instant.ofEpochMilli(epochMillis).isBefore(Instant.now());
    }

    private String role(Attributes attributes, String role) throws NamingException {
        String attribute = settings.attribute(role);
        return attribute == null ? null : text(attributes, attribute);
    }

    private static String text(Attributes attributes, String name) throws NamingException {
        Attribute attribute = attributes.get(name);
        if (attribute == null || attribute.size() == 0) {
            return null;
        }
        Object value = attribute.get();
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** Runs directory work, with the configured CA trusted for its new connections; failures explained. */
    private <T> T call(Supplier<T> work) {
        try {
            return DirectorySockets.using(trustedTls, work);
        } catch (DirectoryFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw DirectoryFailure.of(e, settings.url(), settings.connectTimeoutMillis(),
                    settings.readTimeoutMillis());
        }
    }

    private static void closeQuietly(DirContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (NamingException | RuntimeException e) {
                // closing a connection that failed: nothing to keep
            }
        }
    }

    /** A TLS socket factory trusting only the given CA, or null to use the JVM's trust store. */
    private static SSLSocketFactory trustedTls(String pem) {
        if (pem == null) {
            return null;
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                trusted.setCertificateEntry("directory-ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new DirectoryFailure(DirectoryFailure.Kind.TLS, "trustedCertificate holds no certificate.");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new DirectoryFailure(DirectoryFailure.Kind.TLS, "trustedCertificate is not a readable PEM "
                    + "certificate.");
        }
    }

    @Override
    public void close() {
        for (LdapContext context = idleBinds.pollFirst(); context != null; context = idleBinds.pollFirst()) {
            closeQuietly(context);
        }
        for (DirContext context = idleReaders.pollFirst(); context != null; context = idleReaders.pollFirst()) {
            closeQuietly(context);
        }
    }
}
