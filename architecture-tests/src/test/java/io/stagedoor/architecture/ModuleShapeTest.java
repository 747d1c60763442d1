package io.stagedoor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real code, read from every module's compiled main classes (and, for the rule that modules meet only through
 * their api, their test classes too), judged by the rules of docs/architecture.md.
 * A violation fails the build with the offending class named in the message.
 */
class ModuleShapeTest {

    static final List<String> MODULE_DIRECTORIES = List.of(
            "common", "queue-module", "concert-module", "account-module", "payment-module", "bootstrap-app");
    static final List<String> MODULES = List.of("queue", "concert", "account", "payment");
    static final List<String> INDEPENDENT_MODULES = List.of("queue", "concert", "account");
    /** The modules whose services and adapters hide behind their packages' factories. */
    static final List<String> PACKAGE_PRIVATE_MODULES = List.of("payment", "concert", "account", "queue");

    private static JavaClasses stagedoor;
    /** The main classes and the test classes of every module: the rule that modules meet only through api judges both. */
    private static JavaClasses stagedoorWithTests;
    private static final ArchitectureRules rules = new ArchitectureRules("io.stagedoor", MODULES, "bootstrap");

    @BeforeAll
    static void importCompiledModules() {
        // a module without main sources has no classes directory; every module that has code is read
        List<Path> classDirectories = MODULE_DIRECTORIES.stream()
                .map(module -> Path.of("..", module, "target", "classes"))
                .filter(Files::isDirectory)
                .toList();
        stagedoor = new ClassFileImporter().importPaths(classDirectories);
        assertThat(stagedoor.containPackage("io.stagedoor.bootstrap")).isTrue();
        List<Path> withTests = MODULE_DIRECTORIES.stream()
                .flatMap(module -> Stream.of(Path.of("..", module, "target", "classes"),
                        Path.of("..", module, "target", "test-classes")))
                .filter(Files::isDirectory)
                .toList();
        stagedoorWithTests = new ClassFileImporter().importPaths(withTests);
        assertThat(stagedoorWithTests.containPackage("io.stagedoor.payment.application")).isTrue();
    }

    @Test
    void domainIsPlainJava() {
        rules.domainIsPlainJava().allowEmptyShould(true).check(stagedoor);
    }

    @Test
    void applicationNeverUsesAdapters() {
        rules.applicationNeverUsesAdapters().allowEmptyShould(true).check(stagedoor);
    }

    @Test
    void apiExposesNoInternals() {
        rules.apiExposesNoInternals().check(stagedoor);
    }

    @Test
    void adaptersNeverCallOtherAdapters() {
        rules.adaptersNeverCallOtherAdapters().check(stagedoor);
    }

    @Test
    void modulesMeetOnlyThroughTheirApi() {
        rules.modulesMeetOnlyThroughApi().check(stagedoorWithTests);
    }

    @Test
    void queueConcertAndAccountKnowNothingOfEachOther() {
        rules.independentModulesKnowNothingOfEachOther(INDEPENDENT_MODULES).check(stagedoor);
    }

    @Test
    void noCyclesBetweenModules() {
        rules.noCyclesBetweenModules().check(stagedoor);
    }

    @Test
    void noCyclesBetweenPackages() {
        rules.noCyclesBetweenPackages().check(stagedoor);
    }

    @Test
    void onlyBootstrapMeasures() {
        rules.modulesNameNoMetricsOrTracingLibrary().check(stagedoor);
    }

    @Test
    void apiAndApplicationSpeakNoHttp() {
        rules.apiAndApplicationNameNoWebTypes().check(stagedoor);
    }

    @Test
    void apiAndApplicationOpenNoTransactionThemselves() {
        rules.apiAndApplicationNameNoTransactionApi().check(stagedoor);
    }

    @Test
    void servicesAndAdaptersHideBehindTheirFactories() {
        rules.portImplementationsArePackagePrivate(PACKAGE_PRIVATE_MODULES).check(stagedoor);
    }

    @Test
    void commonKnowsNoModule() {
        rules.commonDependsOnNoModule("common").check(stagedoor);
    }

    @Test
    void onlyBootstrapWires() {
        rules.onlyTheWiringModuleWires().check(stagedoor);
    }
}
