package org.jams.gateway.setup;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupCommands.ConfigureOrganisationCaCommand;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaFactory;
import org.jams.command.pki.Pem;
import org.jams.command.pki.PkiException;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.keys.OrganisationCaKeyFiles;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.jams.query.setup.SetupReader;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Generates or imports the organisation CA, stores its key under jams.home, then records the CA as an event. If the
 * event is refused, the key file written for it is removed again.
 */
@Component
public class OrganisationCaSetup {

    public record CaRequest(String mode, String commonName, Integer validityDays, String certificate,
                            String privateKey, String passphrase) {
        @Override
        public String toString() {
            return "CaRequest[mode=" + mode + ", commonName=" + commonName + "]";
        }
    }

    private final OrganisationCaFactory factory = new OrganisationCaFactory();
    private final OrganisationCaKeyFiles keyFiles;
    private final SetupReader setup;
    private final Commands commands;
    private final BlockingWork blocking;
    private final Clock clock;

    public OrganisationCaSetup(OrganisationCaKeyFiles keyFiles, SetupReader setup, Commands commands,
                               BlockingWork blocking, Clock clock) {
        this.keyFiles = keyFiles;
        this.setup = setup;
        this.commands = commands;
        this.blocking = blocking;
        this.clock = clock;
    }

    public Mono<Map<String, Object>> configure(CaRequest request, Caller caller, ServerWebExchange exchange) {
        String mode = Json.required(request.mode(), "mode");
        if (!mode.equals("generate") && !mode.equals("import")) {
            throw ApiError.badRequest("invalid_mode", "mode must be 'generate' or 'import'.");
        }
        return blocking.call(() -> {
            if (setup.status().ca()) {
                throw ApiError.conflict("ca_exists",
                        "The organisation CA is already configured; account certificates depend on it.");
            }
            OrganisationCa ca = mode.equals("generate") ? generate(request) : importCa(request);
            String caKeyId = KeyIds.sha1Id(ca.certificate().getPublicKey());
            boolean written = keyFiles.store(caKeyId, ca.privateKey());
            return new PreparedCa(ca, caKeyId, written);
        }).flatMap(prepared -> commands.run(new ConfigureOrganisationCaCommand(ServerSetupId.VALUE,
                        Pem.encodeCertificate(prepared.ca.certificate()), prepared.caKeyId, origin(mode)),
                        caller, exchange)
                .onErrorResume(error -> (prepared.written ? blocking.run(() -> deleteQuietly(prepared.caKeyId))
                        : Mono.<Void>empty()).then(Mono.error(error)))
                .thenReturn(describe(prepared)));
    }

    private OrganisationCa generate(CaRequest request) {
        String commonName = Json.required(request.commonName(), "commonName");
        int validityDays = Json.required(request.validityDays(), "validityDays");
        try {
            return factory.generate(commonName, validityDays, clock.instant());
        } catch (PkiException e) {
            throw ApiError.badRequest(e.code(), e.getMessage());
        }
    }

    private OrganisationCa importCa(CaRequest request) {
        String certificate = Json.required(request.certificate(), "certificate");
        String privateKey = Json.required(request.privateKey(), "privateKey");
        char[] passphrase = request.passphrase() == null || request.passphrase().isEmpty()
                ? null : request.passphrase().toCharArray();
        try {
            return factory.importPem(certificate, privateKey, passphrase, clock.instant());
        } catch (PkiException e) {
            throw ApiError.badRequest(e.code(), e.getMessage());
        }
    }

    /** The event's origin: "generated" or "imported" (the documented values). */
    private static String origin(String mode) {
        return mode.equals("generate") ? "generated" : "imported";
    }

    private void deleteQuietly(String caKeyId) {
        try {
            keyFiles.delete(caKeyId);
        } catch (java.io.IOException ignored) {
            // an orphan key file names no CA: no event refers to it
        }
    }

    private static Map<String, Object> describe(PreparedCa prepared) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certificate", Pem.encodeCertificate(prepared.ca.certificate()));
        body.put("caKeyId", prepared.caKeyId);
        body.put("subject", prepared.ca.certificate().getSubjectX500Principal().getName());
        body.put("notAfter", prepared.ca.certificate().getNotAfter().toInstant().toString());
        return body;
    }

    private record PreparedCa(OrganisationCa ca, String caKeyId, boolean written) {
    }
}
