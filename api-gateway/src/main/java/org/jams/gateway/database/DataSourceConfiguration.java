package org.jams.gateway.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With no {@code spring.datasource.url}, the server starts its own PostgreSQL under jams.home; with the standard
 * {@code spring.datasource.*} properties Spring Boot connects to an external PostgreSQL instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", matchIfMissing = true, havingValue = "__embedded__")
public class DataSourceConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(Environment environment) throws IOException {
        Path home = Path.of(environment.getProperty("jams.home", "./jams"));
        return EmbeddedDatabase.start(home,
                environment.getProperty("jams.database.statement-statistics", Boolean.class, false));
    }

    /**
     * The pool, with every {@code spring.datasource.hikari.*} setting bound onto it as Spring Boot binds them for an
     * external database (the waits and timeouts of application.properties included).
     */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database, @Value("${jams.database.pool-size:16}") int poolSize) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("jams-embedded");
        return pool;
    }
}
