package org.jams.command.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jams.api.error.DomainException;
import org.jams.command.directory.UserAccount;
import org.jams.command.setup.ServerSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command side and the messages know nothing of HTTP, reactive transports, SQL or directories: those live in
 * the gateway and the query side, behind the domain's own interfaces (key vault, CA source, lifetimes).
 */
class TransportIndependenceTest {

    static final String[] TRANSPORT_AND_STORAGE = {
            "org.springframework.web..", "org.springframework.http..", "reactor..", "io.netty..",
            "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.ldap..", "javax.naming.."};

    static final ArchRule COMMANDS_AND_MESSAGES_ARE_TRANSPORT_FREE = noClasses()
            .that().resideInAnyPackage("org.jams.command..", "org.jams.api..")
            .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT_AND_STORAGE)
            .because("aggregates, the PKI and the messages must run without a web server, a database or a"
                    + " directory; the gateway adapts them");

    /** Leaves out only the canary that exists to break the rule. */
    static final ImportOption NOT_THE_CANARY =
            location -> !location.contains("/org/jams/command/architecture/canary/");

    private static JavaClasses commandSideAndMessages;

    @BeforeAll
    static void importClasses() {
        // Main and test classes alike: a test helper pulling in JDBC would be just as wrong here.
        commandSideAndMessages = new ClassFileImporter().withImportOption(NOT_THE_CANARY)
                .importPackages("org.jams.command", "org.jams.api");
    }

    @Test
    void commandSideAndMessagesDependOnNoWebReactiveSqlOrDirectoryPackage() {
        COMMANDS_AND_MESSAGES_ARE_TRANSPORT_FREE.check(commandSideAndMessages);
    }

    @Test
    void theCheckSeesTheAggregatesTheMessagesAndTheTests() {
        assertThat(commandSideAndMessages.contain(UserAccount.class)).isTrue();
        assertThat(commandSideAndMessages.contain(ServerSetup.class)).isTrue();
        assertThat(commandSideAndMessages.contain(DomainException.class)).isTrue();
        assertThat(commandSideAndMessages.contain(TransportIndependenceTest.class)).isTrue();
        assertThat(commandSideAndMessages.containPackage("org.jams.command.architecture.canary")).isFalse();
    }

    @Test
    void theRuleReportsADependencyOnSqlOrJndi() {
        JavaClasses canary = new ClassFileImporter().importPackages("org.jams.command.architecture.canary");

        assertThat(canary).isNotEmpty();
        assertThatThrownBy(() -> COMMANDS_AND_MESSAGES_ARE_TRANSPORT_FREE.check(canary))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.sql.Connection")
                .hasMessageContaining("javax.sql.DataSource")
                .hasMessageContaining("javax.naming.Context");
    }
}
