package io.zeekpipeline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rule of docs/architecture.md, checked on the compiled main classes. */
class PackageRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zeekpipeline");

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("io.zeekpipeline.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theDataRoomsDoNotReachUpIntoTheWiring() {
        noClasses().that().resideInAnyPackage("io.zeekpipeline.event..", "io.zeekpipeline.json..",
                        "io.zeekpipeline.ops..", "io.zeekpipeline.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zeekpipeline.routes..",
                        "io.zeekpipeline.cli..", "io.zeekpipeline.delivery..", "io.zeekpipeline.parquet..",
                        "io.zeekpipeline.output..", "io.zeekpipeline.deadletter..", "io.zeekpipeline.health..")
                .check(MAIN);
    }

    @Test
    void onlyDeliveryMarksWhereAConsumedRecordWent() {
        noClasses().that().resideOutsideOfPackage("io.zeekpipeline.delivery..")
                .should().callMethod(ConsumedRecord.class, "handedTo", Output.class)
                .orShould().callMethod(ConsumedRecord.class, "deadLettered")
                .because("the output legs tell delivery.Delivery, the one place of the commit rule")
                .check(MAIN);
    }
}
