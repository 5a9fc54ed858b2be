package org.jams.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jams.api.enrollment.EnrollmentEvents;
import org.jams.command.directory.UserAccount;
import org.jams.gateway.JamsServer;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the whole tree (every module's main and test classes, which only the gateway's tests see together):
 * no package cycle anywhere, the command and query sides never reach into the gateway, and the query side answers
 * questions without any web type. Each rule is also run against a canary that breaks it, to prove it fires.
 */
class ArchitectureTest {

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.jams.(**)").should().beFreeOfCycles()
            .because("each capability's package depends on others in one direction only");

    static final ArchRule SIDES_NEVER_USE_THE_GATEWAY = noClasses()
            .that().resideInAnyPackage("org.jams.api..", "org.jams.command..", "org.jams.query..")
            .should().dependOnClassesThat().resideInAPackage("org.jams.gateway..")
            .because("the gateway assembles the sides and serves them over HTTP; they know nothing of it");

    static final ArchRule QUERY_SIDE_IS_WEB_FREE = noClasses()
            .that().resideInAPackage("org.jams.query..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                    "org.springframework.http..", "reactor..", "io.netty..")
            .because("the query side answers questions in Java; the gateway turns them into HTTP");

    /** Leaves out the canaries, which exist to break the rules. */
    private static final ImportOption NOT_A_CANARY = location -> !location.contains("/canary/");

    private static JavaClasses tree;

    @BeforeAll
    static void importTheTree() {
        tree = new ClassFileImporter().withImportOption(NOT_A_CANARY).importPackages("org.jams");
    }

    @Test
    void theCheckSeesEveryModuleAndItsTests() {
        assertThat(tree.contain(EnrollmentEvents.class)).as("core-api").isTrue();
        assertThat(tree.contain(UserAccount.class)).as("command-side").isTrue();
        assertThat(tree.contain(ReadModels.class)).as("query-side").isTrue();
        assertThat(tree.contain(JamsServer.class)).as("api-gateway").isTrue();
        assertThat(tree.contain(ArchitectureTest.class)).as("the gateway's tests").isTrue();
        assertThat(tree.containPackage("org.jams.canary.cycle.left")).isFalse();
    }

    @Test
    void noPackageDependsOnAnotherThatDependsBackOnIt() {
        NO_PACKAGE_CYCLES.check(tree);
    }

    @Test
    void theCommandAndQuerySidesNeverUseTheGateway() {
        SIDES_NEVER_USE_THE_GATEWAY.check(tree);
    }

    @Test
    void theQuerySideUsesNoWebType() {
        QUERY_SIDE_IS_WEB_FREE.check(tree);
    }

    @Test
    void theCycleRuleReportsTheCanarysCycle() {
        JavaClasses canary = new ClassFileImporter().importPackages("org.jams.canary.cycle");

        assertThat(canary).hasSize(2);
        assertThatThrownBy(() -> NO_PACKAGE_CYCLES.check(canary)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("LeftCanary")
                .hasMessageContaining("RightCanary");
    }

    @Test
    void theSideRulesReportAQueryClassThatUsesTheGatewayAndWebFlux() {
        JavaClasses canary = new ClassFileImporter().importPackages("org.jams.query.canary");

        assertThat(canary).isNotEmpty();
        assertThatThrownBy(() -> SIDES_NEVER_USE_THE_GATEWAY.check(canary)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.jams.gateway.web.ApiError");
        assertThatThrownBy(() -> QUERY_SIDE_IS_WEB_FREE.check(canary)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.springframework.web.server.ServerWebExchange");
    }
}
