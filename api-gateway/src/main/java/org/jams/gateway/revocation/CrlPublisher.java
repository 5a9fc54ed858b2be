package org.jams.gateway.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationCommands.PublishCrlCommand;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.identity.IssuingSetupSource;
import org.jams.query.revocation.CrlSource;
import org.jams.query.revocation.CrlSource.BuiltCrl;
import org.jams.query.revocation.CrlSource.IssuerState;
import org.jams.query.revocation.CrlSource.Publication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each issuer's CRL current and publishes every new one as an event. A CRL is current while it lists as many
 * certificates as the issuer revoked and less than half of its lifetime has passed: asked for later, or after a
 * revocation, a new one is built from the read model, published (its number above every earlier one, which the
 * issuer's CRL series checks on every node) and served. Any node serves a published CRL: the same moment and entries
 * give the same bytes, which its recorded digest confirms. Blocking.
 */
@Component
public class CrlPublisher {

    /** Who publishes: the server itself, on a relying party's request or after a revocation. */
    static final String ACTOR = "crl-publisher";
    private static final Logger LOG = LoggerFactory.getLogger(CrlPublisher.class);
    private static final Caller SERVER = new Caller(ACTOR, Scope.ADMIN, ACTOR);
    private static final long KEPT_BYTES = 32L * 1024 * 1024;

    private final CrlSource source;
    private final Commands commands;
    private final IssuingSetupSource setup;
    private final Clock clock;
    /**
     * The newest CRL this node built for each issuer recently fetched, up to {@value #KEPT_BYTES} bytes of DER: with
     * 100,000 accounts, keeping every one would outgrow the server's memory budget. One dropped is built again.
     */
    private final Cache<String, BuiltCrl> built = Caffeine.newBuilder().maximumWeight(KEPT_BYTES)
            .weigher((String issuer, BuiltCrl crl) -> crl.der().length).build();
    /** One build per issuer at a time on this node, so a burst of fetches signs once; striped, so it stays bounded. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    public CrlPublisher(CrlSource source, Commands commands, IssuingSetupSource setup, Clock clock) {
        this.source = source;
        this.commands = commands;
        this.setup = setup;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The issuer's current CRL, published first if it has none; 404 for a key id that issues nothing here. */
    public BuiltCrl current(String issuerKeyId) {
        IssuerState issuer = issuer(issuerKeyId);
        BuiltCrl ready = servable(issuer);
        if (ready != null) {
            return ready;
        }
        ReentrantLock lock = locks[Math.floorMod(issuerKeyId.hashCode(), locks.length)];
        lock.lock();
        try {
            issuer = issuer(issuerKeyId); // another thread may have published meanwhile
            ready = servable(issuer);
            if (ready == null) {
                ready = rebuildPublished(issuer);
            }
            return ready != null ? ready : publish(issuer);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a revocation: publishes the issuer's new CRL now, if it ever published one. A CRL no one has asked for is
     * not made (Jami clients never fetch CRLs; most accounts' CRLs are never read): it is made at its first fetch.
     */
    public void refresh(String issuerKeyId) {
        try {
            if (source.publications(issuerKeyId, null, 1).isEmpty()) {
                return;
            }
            current(issuerKeyId);
        } catch (RuntimeException e) {
            // The revocation stands; the CRL follows at the next fetch.
            LOG.warn("The CRL of {} could not be published after a revocation: {}", issuerKeyId, e.toString());
        }
    }

    /** After a person's revocation: their account's CRL and the organisation CA's (their account certificate). */
    public void refreshAfterUserRevocation(String jamiId) {
        refresh(jamiId);
        source.caKeyIdOf(jamiId).ifPresent(this::refresh);
    }

    private IssuerState issuer(String issuerKeyId) {
        return source.state(issuerKeyId).orElseThrow(() -> DomainException.notFound("issuer_not_found",
                "No organisation CA and no account has the key id " + issuerKeyId + "."));
    }

    private boolean stillCurrent(IssuerState issuer, Publication publication) {
        Duration lifetime = Duration.ofMinutes(setup.current().crlLifetimeMinutes());
        Instant refreshAt = publication.thisUpdate().plus(publication.lifetime().dividedBy(2));
        return publication.entries() == issuer.entries() && publication.lifetime().equals(lifetime)
                && clock.instant().isBefore(refreshAt);
    }

    /** This node's copy of the issuer's newest CRL, if that CRL is current. */
    private BuiltCrl servable(IssuerState issuer) {
        Publication latest = issuer.latest().orElse(null);
        if (latest == null || !stillCurrent(issuer, latest)) {
            return null;
        }
        BuiltCrl copy = built.getIfPresent(issuer.keyId());
        return copy != null && copy.publication().number() == latest.number() ? copy : null;
    }

    /** The newest CRL, published by another node or before a restart, built again here if still current. */
    private BuiltCrl rebuildPublished(IssuerState issuer) {
        Publication latest = issuer.latest().orElse(null);
        if (latest == null || !stillCurrent(issuer, latest)) {
            return null;
        }
        BuiltCrl again = source.build(issuer, latest.moment(), latest.lifetime());
        if (!again.publication().sha256().equals(latest.sha256())) {
            // A revocation committed in the instant it was built can make it so; a new one lists everything.
            LOG.warn("CRL {} of {} does not build again to its published digest; publishing a new one",
                    latest.number(), issuer.keyId());
            return null;
        }
        BuiltCrl copy = new BuiltCrl(latest, again.der());
        built.put(issuer.keyId(), copy);
        return copy;
    }

    private BuiltCrl publish(IssuerState issuer) {
        Duration lifetime = Duration.ofMinutes(setup.current().crlLifetimeMinutes());
        Instant at = clock.instant();
        long last = issuer.latest().map(Publication::number).orElse(-1L);
        if (at.toEpochMilli() <= last) {
            at = Instant.ofEpochMilli(last + 1); // a node whose clock is behind still publishes a greater number
        }
        BuiltCrl crl = source.build(issuer, at, lifetime);
        Publication p = crl.publication();
        try {
            commands.sendFromServer(new PublishCrlCommand(p.issuerKeyId(), p.kind(), p.number(), p.thisUpdate(),
                    p.nextUpdate(), p.entries(), p.sha256()), SERVER, "server");
        } catch (DomainException e) {
            if (!"crl_number_not_newer".equals(e.code())) {
                throw e;
            }
            // Another node published a newer one in the meantime: serve that.
            BuiltCrl theirs = rebuildPublished(issuer(issuer.keyId()));
            if (theirs != null) {
                return theirs;
            }
            throw DomainException.unavailable("crl_busy", "The CRL of " + issuer.keyId()
                    + " is being published by another node; ask again in a moment.");
        }
        built.put(issuer.keyId(), crl);
        return crl;
    }
}
