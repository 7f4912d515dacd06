package org.cmmalab.guestmm;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * guest-mm's packages as their package-info files state them: each driver package reaches the
 * kernel only through its driver API ({@link DriverApi}) and {@link GuestKernel}'s public queries,
 * and no other driver (it may order its pages with {@code list}); the core imports no driver;
 * {@code tmem} and {@code list} import nothing of guest-mm.
 * Main classes only: tests may reach further. That no package imports one that imports it back
 * is the whole project's rule, checked once, by the harness's {@code PackageCyclesTest}.
 */
class PackagesTest {
    private static final String CORE = "org.cmmalab.guestmm";
    private static final String[] DRIVERS = {
        CORE + ".balloon", CORE + ".pagereporting", CORE + ".freepagehint", CORE + ".recycler", CORE + ".selfballoon",
        CORE + ".virtiomem", CORE + ".damon", CORE + ".compressedswap",
    };
    private static final String TMEM = CORE + ".tmem";
    private static final String LIST = CORE + ".list";
    /**
     * The kernel's types a driver may name: the driver API, what the public queries return, the
     * tokens a driver stores in frames it holds, and the frontswap backend a compressed swap
     * driver is.
     */
    private static final Class<?>[] DRIVER_TYPES = {
        GuestKernel.class, DriverApi.class, DriverApi.Taken.class, BuddyListener.class, KernelConfig.class,
        Watermarks.class, GuestCounters.class, Arch.class, ContentToken.class, org.cmmalab.guestmm.tmem.Frontswap.class,
    };
    /** {@link GuestKernel}'s methods a driver may call: its public queries, none of its kernel entries. */
    private static final Set<String> QUERIES = Set.of("driverApi", "frames", "config", "watermarks", "freeFrames",
            "freeBlocks", "counters");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE);

    @Test
    void driversReachTheKernelOnlyThroughItsDriverApi() {
        for (String driver : DRIVERS) {
            noClasses().that().resideInAPackage(driver)
                    .should().dependOnClassesThat(resideInAPackage(CORE + "..")
                            .and(not(resideInAPackage(driver)))
                            .and(not(resideInAPackage(LIST)))
                            .and(not(belongToAnyOf(DRIVER_TYPES))))
                    .because("a driver reaches the kernel through DriverApi and GuestKernel's public queries only")
                    .check(CLASSES);
            noClasses().that().resideInAPackage(driver)
                    .should().callMethodWhere(describe("a GuestKernel method other than its public queries " + QUERIES,
                            (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(GuestKernel.class)
                                    && !QUERIES.contains(call.getName())))
                    .because("a driver runs inside the kernel, never as a kernel entry of its own")
                    .check(CLASSES);
        }
    }

    @Test
    void theCoreImportsNoDriverAndTmemAndListImportNothingOfGuestMm() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat(resideInAnyPackage(DRIVERS))
                .check(CLASSES);
        for (String leaf : new String[] {TMEM, LIST}) {
            noClasses().that().resideInAPackage(leaf)
                    .should().dependOnClassesThat(resideInAPackage(CORE + "..").and(not(resideInAPackage(leaf))))
                    .check(CLASSES);
        }
    }
}
