package org.jams.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jams.command.audit.AuditKeys;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.audit.integrity.AuditIntegrity;
import org.jams.query.audit.integrity.Checkpoint;
import org.jams.query.audit.integrity.IntegrityExport;
import org.jams.query.audit.integrity.VerificationReport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tamper evidence over HTTP, for admins and auditors (it changes no user, device or setting):
 * <ul>
 *   <li>{@code GET /api/audit/public-key}: {@code {"algorithm","publicKeyPem","fingerprint"}};
 *       {@code GET /api/audit/public-key.pem}: the PEM alone;</li>
 *   <li>{@code POST /api/audit/verify}: re-reads the store, {@link VerificationReport};</li>
 *   <li>{@code GET /api/audit/checkpoints}; {@code POST /api/audit/checkpoints}: chain now and sign a checkpoint
 *       (201; 409 when the store is empty);</li>
 *   <li>{@code GET /api/audit/export/integrity}: the {@link IntegrityExport} JSON Lines file, streamed.</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditIntegrityController implements AutoCloseable {

    public record PublicKeyView(String algorithm, String publicKeyPem, String fingerprint) {
    }

    public record CheckpointView(long sequence, String chainHash, String createdAt, String signature) {
        static CheckpointView of(Checkpoint checkpoint) {
            return new CheckpointView(checkpoint.sequence(), checkpoint.chainHashHex(),
                    Checkpoint.formatTime(checkpoint.createdAt()), checkpoint.signatureBase64());
        }
    }

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final AuditIntegrity integrity;
    /** Exports stream for minutes on big stores: at most two at a time, on their own threads. */
    private final ExecutorService exports = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(8), runnable -> {
                Thread thread = new Thread(runnable, "jams-audit-export");
                thread.setDaemon(true);
                return thread;
            });

    public AuditIntegrityController(Authenticator authenticator, BlockingWork blocking, AuditIntegrity integrity) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.integrity = integrity;
    }

    @GetMapping("/public-key")
    public Mono<PublicKeyView> publicKey(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).map(caller -> new PublicKeyView(AuditKeys.ALGORITHM,
                integrity.keys().publicKeyPem(), integrity.keys().fingerprint()));
    }

    @GetMapping(path = "/public-key.pem", produces = "application/x-pem-file")
    public Mono<String> publicKeyPem(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).map(caller -> integrity.keys().publicKeyPem());
    }

    @PostMapping("/verify")
    public Mono<VerificationReport> verify(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(integrity::verify));
    }

    @GetMapping("/checkpoints")
    public Mono<List<CheckpointView>> checkpoints(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange)
                .then(blocking.call(() -> integrity.checkpoints().stream().map(CheckpointView::of).toList()));
    }

    /** Signing a checkpoint adds evidence and changes no history: auditors may do it. */
    @PostMapping("/checkpoints")
    public Mono<ResponseEntity<CheckpointView>> checkpointNow(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> integrity.checkpointNow()
                .map(checkpoint -> ResponseEntity.status(HttpStatus.CREATED).body(CheckpointView.of(checkpoint)))
                .orElseThrow(() -> ApiError.conflict("nothing_to_checkpoint",
                        "The event store holds no chained event yet."))));
    }

    @GetMapping(path = "/export/integrity", produces = "application/x-ndjson")
    public Mono<ResponseEntity<Flux<DataBuffer>>> export(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).map(caller -> {
            Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
                try {
                    integrity.export(out);
                } catch (SQLException e) {
                    throw new IllegalStateException("The integrity export failed: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, exchange.getResponse().bufferFactory(), exports));
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"jams-audit-integrity.jsonl\"")
                    .contentType(MediaType.parseMediaType("application/x-ndjson"))
                    .body(body);
        });
    }

    @Override
    public void close() {
        exports.shutdownNow();
    }
}
