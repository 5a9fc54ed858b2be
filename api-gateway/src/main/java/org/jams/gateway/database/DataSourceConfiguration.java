package org.jams.gateway.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
        return EmbeddedDatabase.start(home);
    }

    @Bean
    DataSource dataSource(EmbeddedDatabase database, Environment environment) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setMaximumPoolSize(environment.getProperty("jams.database.pool-size", Integer.class, 16));
        config.setPoolName("jams-embedded");
        // As spring.datasource.hikari.* in application.properties sets them for an external database.
        config.setConnectionTimeout(environment.getProperty("spring.datasource.hikari.connection-timeout",
                Long.class, 2_000L));
        config.setValidationTimeout(environment.getProperty("spring.datasource.hikari.validation-timeout",
                Long.class, 1_000L));
        for (String name : new String[] {"options", "socketTimeout", "connectTimeout"}) {
            String value = environment.getProperty("spring.datasource.hikari.data-source-properties." + name);
            if (value != null) {
                config.addDataSourceProperty(name, value);
            }
        }
        return new HikariDataSource(config);
    }
}
