package dev.touchflow.bench;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of any module depends, through others, on itself: each package can be read, changed and
 * moved knowing only what it uses. The benchmarks' class path holds every module (the runner's too), so one
 * rule covers all.
 */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchflow");

        slices().matching("dev.touchflow.(**)").should().beFreeOfCycles().check(classes);
    }
}
