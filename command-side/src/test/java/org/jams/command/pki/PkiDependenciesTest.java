package org.jams.command.pki;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PkiDependenciesTest {

    @Test
    void pkiIsAPureDomainLibraryWithoutSpringJdbcOrWeb() {
        JavaClasses pki = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jams.command.pki");

        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "jakarta.servlet..", "javax.servlet..",
                        "org.axonframework..", "java.net.http..", "jakarta.ws..")
                .because("the PKI is a pure domain library")
                .check(pki);
    }
}
