package io.stagedoor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule, evaluated against the deliberately bad fixtures in io.stagedoor.archfixtures, must report a violation
 * that names the offending class. A rule that cannot fail here would guard nothing in ModuleShapeTest.
 */
class RulesBiteTest {

    private static final JavaClasses fixtures = new ClassFileImporter().importPackages("io.stagedoor.archfixtures");
    private static final ArchitectureRules rules =
            new ArchitectureRules("io.stagedoor.archfixtures", List.of("alpha", "beta", "gamma"), "wiring");

    @Test
    void springOrReactorInADomainPackageIsReportedByName() {
        assertViolationNames(rules.domainIsPlainJava(), "SpringAwareSeat", "reactor.core.publisher.Mono");
        assertViolationNames(rules.domainIsPlainJava(), "SpringAwareSeat", "org.springframework.util.StopWatch");
    }

    @Test
    void ioInADomainPackageIsReportedByName() {
        assertViolationNames(rules.domainIsPlainJava(), "FileReadingPolicy", "java.io.File");
    }

    @Test
    void applicationUsingAnAdapterIsReportedByName() {
        assertViolationNames(rules.applicationNeverUsesAdapters(), "ServiceUsingAdapter", "SeatRows");
    }

    @Test
    void apiLeakingAnApplicationTypeIsReportedByName() {
        assertViolationNames(rules.apiExposesNoInternals(), "LeakyQuery", "ServiceUsingAdapter");
    }

    @Test
    void adapterCallingAnotherAdapterIsReportedByName() {
        assertViolationNames(rules.adaptersNeverCallOtherAdapters(), "HandlerCallingPersistence", "SeatRows");
    }

    @Test
    void moduleTouchingAnotherModulesDomainIsReportedByName() {
        assertViolationNames(rules.modulesMeetOnlyThroughApi(), "ReachesIntoAlphaDomain", "FileReadingPolicy");
    }

    @Test
    void wiringBuildingAModulesInternalsIsReportedByName() {
        assertViolationNames(rules.modulesMeetOnlyThroughApi(), "WiringBuildsAlphaInternals", "SeatRows");
    }

    @Test
    void independentModulesDependingOnEachOtherAreReportedByName() {
        assertViolationNames(rules.independentModulesKnowNothingOfEachOther(List.of("alpha", "beta")), "ReachesIntoAlphaDomain");
    }

    @Test
    void cycleBetweenModulesIsReportedByName() {
        assertViolationNames(rules.noCyclesBetweenModules(), "BetaQuery", "GammaQuery");
    }

    @Test
    void cycleBetweenPackagesIsReportedByName() {
        assertViolationNames(rules.noCyclesBetweenPackages(), "BetaQuery", "GammaQuery");
    }

    @Test
    void configurationInsideAModuleIsReportedByName() {
        assertViolationNames(rules.onlyTheWiringModuleWires(), "SneakyConfiguration");
    }

    @Test
    void metricsInsideAModuleAreReportedByName() {
        assertViolationNames(rules.modulesNameNoMetricsOrTracingLibrary(), "MeteredService", "io.micrometer.core.instrument.Counter");
    }

    @Test
    void httpTypesInApiOrApplicationAreReportedByName() {
        assertViolationNames(rules.apiAndApplicationNameNoWebTypes(), "HttpStatusProblem", "org.springframework.http.HttpStatus");
        assertViolationNames(rules.apiAndApplicationNameNoWebTypes(), "WebInputCheckingService",
                "org.springframework.web.server.ServerWebInputException");
    }

    @Test
    void springTransactionsInApplicationAreReportedByName() {
        assertViolationNames(rules.apiAndApplicationNameNoTransactionApi(), "SelfTransactingService",
                "org.springframework.transaction.reactive.TransactionalOperator");
    }

    @Test
    void publicServiceOrAdapterBehindAPortIsReportedByName() {
        assertViolationNames(rules.portImplementationsArePackagePrivate(List.of("beta")), "PublicBetaService");
        assertViolationNames(rules.portImplementationsArePackagePrivate(List.of("beta")), "PublicBetaRows");
    }

    @Test
    void commonDependingOnAModuleOrOnSpringIsReportedByName() {
        assertViolationNames(rules.commonDependsOnNoModule("common"), "ModuleAwareHelper", "LeakyQuery");
        assertViolationNames(rules.commonDependsOnNoModule("common"), "ModuleAwareHelper", "org.springframework.util.StringUtils");
    }

    private static void assertViolationNames(ArchRule rule, String... names) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as("rule '%s' must fail on the fixtures", rule.getDescription()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String name : names) {
            assertThat(report).as("violation report of '%s'", rule.getDescription()).contains(name);
        }
    }
}
