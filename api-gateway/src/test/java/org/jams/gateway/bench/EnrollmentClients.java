package org.jams.gateway.bench;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load generator: Reactor Netty HTTPS clients that trust the server's certificate, {@code concurrency} requests
 * at a time. {@link #keptAlive} keeps one connection per concurrent client; {@link #newConnectionEach} opens a TLS
 * connection for every request and closes it after the answer, with no session resumption (a full handshake each
 * time), as a Jami client does. They run on the same cores as the server, so their CPU counts against the result;
 * they use Netty's OpenSSL engine where it loads, the cheaper one, whatever engine the server uses. Their event loops
 * are their own ({@link #THREAD_PREFIX}, one per core), not the server's, as a client on another machine's would be,
 * so the CPU report can tell the load generator's share from the server's.
 */
final class EnrollmentClients implements AutoCloseable {

    /** The name of the load generator's event-loop threads. */
    static final String THREAD_PREFIX = "bench-client";

    private final ConnectionProvider pool;
    private final LoopResources loops;
    private final HttpClient keptAlive;
    private final HttpClient newConnectionEach;
    private final int concurrency;
    private final SslProvider engine;

    EnrollmentClients(String baseUrl, X509Certificate server, int concurrency) throws SSLException {
        this.concurrency = concurrency;
        this.engine = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        this.pool = ConnectionProvider.builder("bench").maxConnections(concurrency).pendingAcquireMaxCount(-1).build();
        this.loops = LoopResources.create(THREAD_PREFIX, Runtime.getRuntime().availableProcessors(), true);
        this.keptAlive = client(HttpClient.create(pool), baseUrl, tls(server, true));
        this.newConnectionEach = client(HttpClient.create(ConnectionProvider.newConnection()), baseUrl,
                tls(server, false));
    }

    HttpClient keptAlive() {
        return keptAlive;
    }

    HttpClient newConnectionEach() {
        return newConnectionEach;
    }

    /** Which TLS engine the clients use, and whether a new connection can resume a session. */
    String describe() {
        return engine == SslProvider.OPENSSL ? "OpenSSL engine, no resumption on new connections"
                : "JDK engine (new connections may resume TLS sessions: the OpenSSL engine did not load)";
    }

    /** Enrolls {@code csrs} for the users {@code users + 0…usersCount-1} in turn, {@code count} requests in all. */
    void enroll(HttpClient client, String users, int usersCount, List<String> csrs, int count, List<Long> latencies) {
        enroll(client, users, usersCount, csrs, 0, count, latencies);
    }

    /**
     * Requests {@code from} to {@code from + count - 1} of a series: request i enrolls CSR i (modulo their number) for
     * user i (modulo {@code usersCount}), so that a series cut in parts enrolls what it would have in one go.
     */
    void enroll(HttpClient client, String users, int usersCount, List<String> csrs, int from, int count,
                List<Long> latencies) {
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Flux.range(from, count).flatMap(i -> {
            int user = i % usersCount;
            String body = enrollmentBody(csrs.get(i % csrs.size()), i);
            return Mono.defer(() -> {
                long started = System.nanoTime();
                return post(client, "/api/auth/device", basic(users, user), body, 200)
                        .doOnSuccess(done -> {
                            if (latencies != null) {
                                latencies.add(System.nanoTime() - started);
                            }
                        });
            }).onErrorResume(error -> {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, error);
                return Mono.empty();
            });
        }, concurrency).blockLast();
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " enrollments failed", firstFailure.get());
        }
    }

    /** Enrolls {@code csr} for the user {@code prefix + user}. */
    void enrollOne(HttpClient client, String prefix, int user, String csr) {
        post(client, "/api/auth/device", basic(prefix, user), enrollmentBody(csr, user), 200).block();
    }

    private static String enrollmentBody(String csr, int i) {
        return "{\"csr\":\"" + csr.replace("\n", "\\n") + "\",\"deviceName\":\"bench-" + i + "\"}";
    }

    /** Creates the users {@code prefix + from…to-1}, {@code concurrency} at a time. */
    void createUsers(String admin, String prefix, int from, int to, int concurrency) {
        Flux.range(from, to - from).flatMap(i -> post(keptAlive, "/api/admin/users", admin, "{\"username\":\""
                + prefix + i + "\",\"password\":\"" + password(prefix, i) + "\",\"displayName\":\"Bench " + i + "\"}",
                201), concurrency).blockLast();
    }

    /**
     * Signs each of these users in once ({@code POST /api/login}): a person's first password check on a node runs
     * Argon2, later ones within {@code jams.auth.verified-password-cache} do not, and a phase that measured those
     * first checks would hold 16 slow requests (its p99) and their CPU.
     */
    void signIn(String prefix, int from, int to, int concurrency) {
        Flux.range(from, to - from).flatMap(i -> post(keptAlive, "/api/login", basic(prefix, i), "{}", 200),
                concurrency).blockLast();
    }

    /** The password {@link #createUsers} gives user {@code prefix + i}. */
    private static String password(String prefix, int i) {
        return prefix + "-pw-" + i;
    }

    /** Basic credentials ({@code user:password}) of user {@code prefix + i}. */
    private static String basic(String prefix, int i) {
        return prefix + i + ":" + password(prefix, i);
    }

    Mono<Void> post(HttpClient client, String path, String basicOrNull, String json, int expected) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return client.post().uri(path)
                .send((request, outbound) -> {
                    request.header("Content-Length", Integer.toString(bytes.length));
                    if (basicOrNull != null) {
                        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                basicOrNull.getBytes(StandardCharsets.UTF_8)));
                    }
                    return outbound.sendByteArray(Mono.just(bytes));
                })
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").flatMap(text ->
                        response.status().code() == expected ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException(path + " answered "
                                        + response.status().code() + ": " + text))));
    }

    @Override
    public void close() {
        pool.dispose();
        loops.dispose();
    }

    private HttpClient client(HttpClient client, String baseUrl, SslContext tls) {
        return client.runOn(loops).baseUrl(baseUrl).secure(spec -> spec.sslContext(tls))
                .headers(headers -> headers.set("Content-Type", "application/json").set("User-Agent", "Jami"));
    }

    private SslContext tls(X509Certificate server, boolean resumable) throws SSLException {
        SslContext context = SslContextBuilder.forClient().sslProvider(engine).trustManager(server).build();
        if (!resumable && context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(false);
        }
        return context;
    }
}
