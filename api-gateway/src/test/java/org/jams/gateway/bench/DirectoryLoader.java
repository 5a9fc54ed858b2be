package org.jams.gateway.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.query.audit.integrity.AuditChainer;
import org.jams.query.readmodel.ReadModelCatchUp;
import org.jams.query.readmodel.ReadModels;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fills a server's store with {@code users} people of {@code devicesPerUser} devices each, the way they would be
 * there after months of use, in minutes instead of hours.
 *
 * <p>The first {@link #TEMPLATE_USERS} people are real: created with {@code POST /api/admin/users} (a pooled RSA-4096
 * account key, an account certificate signed by the organisation CA) and their devices enrolled with
 * {@code POST /api/auth/device} (RSA-4096 device keys, certificates signed by the account key). Everyone else is
 * their copy: the same event types with the same fields, appended through the server's own event store (Axon's JDBC
 * storage engine, the audit signer, the device list and audit index in the append transaction, the tracking
 * projections, the chainer), each with a unique username, display name, Jami ID, serials and device ids, and a row
 * in {@code account_key}. What is copied, to avoid 400,000 RSA-4096 signatures (about 55 CPU-minutes here) and
 * 100,000 RSA-4096 key generations (hours): the certificate PEMs, the sealed account key bytes and the password hash
 * of the templates. So a copy's certificates do not certify its ids and its account key is a template's; the sizes
 * and shapes of its rows, its events' audit signatures and their hash chain are real, and no measurement depends on
 * a copy's certificates matching its ids (none enrolls or signs as a copy). Never a path of the server itself: this
 * class lives in the benchmark's tests only.
 */
final class DirectoryLoader {

    static final int TEMPLATE_USERS = 4;
    static final String TEMPLATE_PASSWORD = "bench-template-pw";
    private static final int USERS_PER_APPEND = 50;
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> DEVICE_NAMES = List.of("Pixel 8", "ThinkPad X1", "iPad", "Desktop");

    /** What loading took: the copies' append alone, and everything around it. */
    record Report(int users, int devices, long events, double templateSeconds, double appendSeconds,
                  double catchUpSeconds, double chainSeconds, double vacuumSeconds, String appendCpu) {

        double usersPerSecond() {
            return (users - TEMPLATE_USERS) / appendSeconds;
        }

        double devicesPerSecond() {
            return (devices - TEMPLATE_USERS * (double) devices / users) / appendSeconds;
        }

        double totalSeconds() {
            return templateSeconds + appendSeconds + catchUpSeconds + chainSeconds + vacuumSeconds;
        }
    }

    private final ConfigurableApplicationContext server;
    private final BenchHttp http;
    private final int users;
    private final int devicesPerUser;
    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final TransactionManager transactions;

    DirectoryLoader(ConfigurableApplicationContext server, BenchHttp http, int users, int devicesPerUser) {
        this.server = server;
        this.http = http;
        this.users = users;
        this.devicesPerUser = devicesPerUser;
        this.jdbc = server.getBean(JdbcTemplate.class);
        this.eventStore = server.getBean(EventStore.class);
        this.transactions = server.getBean(TransactionManager.class);
    }

    /** Sets the server up, creates the templates over HTTP and appends their copies with {@code threads} threads. */
    Report load(int threads) throws Exception {
        long started = System.nanoTime();
        BenchSetup.complete(http);
        createTemplates();
        StoredTemplates templates = StoredTemplates.read(server, jdbc, TEMPLATE_USERS);
        double templateSeconds = seconds(started);

        long appendStarted = System.nanoTime();
        CpuUse cpu = CpuUse.start(Path.of(server.getEnvironment().getRequiredProperty("jams.home"), "postgres"));
        int copies = appendCopies(templates, threads);
        double appendSeconds = seconds(appendStarted);
        String appendCpu = cpu.report(Math.max(1, copies * (1 + devicesPerUser)));

        long catchUpStarted = System.nanoTime();
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        ReadModelCatchUp catchUp = server.getBean(ReadModelCatchUp.class);
        long deadline = System.nanoTime() + 30 * 60 * 1_000_000_000L;
        while (!catchUp.awaitGlobalIndex(head, ReadModels.NAMES)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The tracking projections did not reach " + head);
            }
        }
        double catchUpSeconds = seconds(catchUpStarted);

        long chainStarted = System.nanoTime();
        AuditChainer chainer = server.getBean(AuditChainer.class);
        chainer.chainPending(true);
        chainer.checkpointNow();
        double chainSeconds = seconds(chainStarted);

        // A store that grew over months has long been vacuumed and analysed by autovacuum.
        long vacuumStarted = System.nanoTime();
        vacuum(server.getBean(DataSource.class));
        double vacuumSeconds = seconds(vacuumStarted);

        long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        int devices = jdbc.queryForObject("SELECT count(*) FROM devices", Integer.class);
        int people = jdbc.queryForObject("SELECT count(*) FROM users", Integer.class);
        return new Report(people, devices, events, templateSeconds, appendSeconds, catchUpSeconds, chainSeconds,
                vacuumSeconds, appendCpu);
    }

    /** The real people and devices the copies are made from: RSA-4096 device keys, as Jami generates them. */
    private void createTemplates() throws Exception {
        List<String> csrs = BenchSetup.deviceCsrs(TEMPLATE_USERS * devicesPerUser, 4096);
        Random random = new Random(7);
        for (int u = 0; u < Math.min(TEMPLATE_USERS, users); u++) {
            PeopleNames.Person person = PeopleNames.person(random, u);
            BenchSetup.createUser(http, person.username(), TEMPLATE_PASSWORD, person.displayName());
            for (int d = 0; d < devicesPerUser; d++) {
                http.expect(HttpMethod.POST, "/api/auth/device", person.username() + ":" + TEMPLATE_PASSWORD,
                        BenchSetup.enrollmentBody(csrs.get(u * devicesPerUser + d), DEVICE_NAMES.get(d % 4)), 200)
                        .block();
            }
        }
    }

    /** Appends the copies; returns how many people were copied. */
    private int appendCopies(StoredTemplates templates, int threads) throws Exception {
        int copies = Math.max(0, users - TEMPLATE_USERS);
        int batches = (copies + USERS_PER_APPEND - 1) / USERS_PER_APPEND;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(workers.submit(() -> {
                    for (int batch; (batch = next.getAndIncrement()) < batches; ) {
                        int from = TEMPLATE_USERS + batch * USERS_PER_APPEND;
                        appendBatch(templates, new Random(batch), from, Math.min(users, from + USERS_PER_APPEND));
                        int loaded = done.addAndGet(USERS_PER_APPEND);
                        if (loaded % 10_000 < USERS_PER_APPEND) {
                            System.out.printf(Locale.ROOT, "  loaded %,d users%n", loaded);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
            return copies;
        } finally {
            workers.shutdown();
        }
    }

    /** People {@code from} to {@code to} (exclusive), their devices and sealed keys, in one transaction. */
    private void appendBatch(StoredTemplates templates, Random random, int from, int to) {
        List<EventMessage<?>> events = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        for (int index = from; index < to; index++) {
            PeopleNames.Person person = PeopleNames.person(random, index);
            StoredTemplates.Template account = templates.accounts().get(index % templates.accounts().size());
            UserRegisteredEvent original = (UserRegisteredEvent) account.event();
            String jamiId = hex(random, 20);
            UserRegisteredEvent registered = new UserRegisteredEvent(person.username(), person.displayName(),
                    original.passwordHash(), original.source(), jamiId, original.accountCertificatePem(),
                    hex(random, original.accountCertificateSerial().length() / 2), original.certificateNotBefore(),
                    original.certificateNotAfter(), original.caKeyId());
            events.add(message(templates, person.username(), 0, registered, account.metaData(), null));
            keys.add(new Object[] {jamiId, templates.sealedKeys().get(original.jamiId())});
            for (int d = 0; d < devicesPerUser; d++) {
                StoredTemplates.Template device = templates.devices().get((index * devicesPerUser + d)
                        % templates.devices().size());
                DeviceCertificateIssuedEvent issued = (DeviceCertificateIssuedEvent) device.event();
                String address = "198.51." + random.nextInt(256) + "." + random.nextInt(256);
                events.add(message(templates, person.username(), d + 1, new DeviceCertificateIssuedEvent(
                        person.username(), hex(random, 32), hex(random, 20), issued.deviceName(),
                        hex(random, issued.serial().length() / 2), issued.notBefore(), issued.notAfter(),
                        issued.certificatePem(), jamiId, address, issued.userAgent()), device.metaData(), address));
            }
        }
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> {
            eventStore.publish(events);
            jdbc.batchUpdate("INSERT INTO account_key (jami_id, sealed_key) VALUES (?, ?)", keys);
        });
    }

    /**
     * The copy's event with its template's audit metadata: a device's own events name the person as actor and come
     * from its address; Axon's correlation and trace ids are the (here fictitious) command's.
     */
    private static EventMessage<?> message(StoredTemplates templates, String username, long sequence, Object payload,
                                           Map<String, Object> templateMetaData, String address) {
        Map<String, Object> metaData = new HashMap<>(templateMetaData);
        if (address != null) {
            metaData.put("actor", username);
            metaData.put("sourceAddress", address);
        }
        String command = UUID.randomUUID().toString();
        metaData.put("correlationId", command);
        metaData.put("traceId", command);
        return new GenericDomainEventMessage<>(templates.aggregateType(), username, sequence, payload, metaData);
    }

    private static void vacuum(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 0");
            statement.execute("VACUUM (ANALYZE)");
            statement.execute("RESET statement_timeout");
        }
    }

    private static String hex(Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HEX.formatHex(value);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
