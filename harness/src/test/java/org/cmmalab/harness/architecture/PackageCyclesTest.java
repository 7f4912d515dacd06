package org.cmmalab.harness.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package cycle anywhere in the project's main code: every package of every module on the
 * harness's classpath (page-states, guest-mm, host-pager, discard-fault, harness; the jmh and
 * jcstress modules are not on it), its tests left out. A package that imports another, through
 * any chain, is never imported back by it, so each package can be read, changed and tested above
 * the ones it uses.
 */
class PackageCyclesTest {
    @Test
    void noPackageImportsOneThatImportsIt() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cmmalab");
        assertTrue(main.containPackage("org.cmmalab.harness.sim") && main.containPackage("org.cmmalab.hostpager"),
                "the import sees the harness and the modules below it");
        slices().matching("org.cmmalab.(**)").should().beFreeOfCycles().check(main);
    }
}
