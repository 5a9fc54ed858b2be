package org.jams.gateway.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jams.command.pki.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.netty.http.Http11SslContextSpec;

/**
 * HTTPS from the launcher's CERT and KEY PEM files, served by the {@link TlsEngine} that {@code jams.tls.engine}
 * names. The server asks for, but does not require, a client certificate: enrollment arrives without one, and device
 * login presents the device chain. Any client chain is accepted at the TLS layer, because a refusal there aborts the
 * handshake and the Jami client then sees a network error instead of a 401; {@link ClientCertificates} decides in
 * the application whether the device is known.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jams.tls.certificate")
public class TlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    @Bean
    TlsEngine tlsEngine(Environment env) {
        TlsEngine engine = TlsEngine.fromSetting(env.getProperty(TlsEngine.PROPERTY, "auto"));
        log.info("TLS served by the {} engine", engine.describe());
        return engine;
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> httpsWithOptionalClientCertificates(Environment env,
            TlsEngine engine) throws IOException {
        List<X509Certificate> chain = Pem.parseCertificates(
                Files.readString(Path.of(env.getRequiredProperty("jams.tls.certificate"))));
        PrivateKey key = Pem.parsePrivateKey(Files.readString(Path.of(env.getRequiredProperty("jams.tls.private-key"))),
                null);
        Http11SslContextSpec spec = Http11SslContextSpec.forServer(key, chain.toArray(X509Certificate[]::new))
                .configure(builder -> builder.sslProvider(engine.provider()).clientAuth(ClientAuth.OPTIONAL)
                        .trustManager(InsecureTrustManagerFactory.INSTANCE));
        return factory -> factory.addServerCustomizers(server -> server.secure(ssl -> ssl.sslContext(spec)));
    }
}
