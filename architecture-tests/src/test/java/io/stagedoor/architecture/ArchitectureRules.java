package io.stagedoor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The rules of docs/architecture.md, written once and parameterised by the base package and the module names, so the
 * same rule objects judge the real code (ModuleShapeTest) and the deliberately bad fixtures (RulesBiteTest).
 */
final class ArchitectureRules {

    private final String base;
    private final List<String> modules;
    private final String wiringPackage;

    ArchitectureRules(String base, List<String> modules, String wiringModule) {
        this.base = base;
        this.modules = List.copyOf(modules);
        this.wiringPackage = base + "." + wiringModule + "..";
    }

    /** domain depends on nothing but the JDK's language, collections, time and maths, and domain code. */
    ArchRule domainIsPlainJava() {
        return classes().that().resideInAPackage(base + ".*.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java.lang", "java.lang.invoke", "java.lang.runtime", "java.util..", "java.time..", "java.math..",
                        base + ".*.domain..")
                .as("domain depends on nothing but the JDK (no Spring, no Reactor, no I/O) and domain code");
    }

    /** application depends on domain, api and its own ports; never on adapters. */
    ArchRule applicationNeverUsesAdapters() {
        return noClasses().that().resideInAPackage(base + ".*.application..")
                .should().dependOnClassesThat().resideInAPackage(base + ".*.adapter..")
                .as("application never depends on adapters");
    }

    /** api is the published surface; it must not leak application or adapter types. */
    ArchRule apiExposesNoInternals() {
        return noClasses().that().resideInAPackage(base + ".*.api..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".*.application..", base + ".*.adapter..")
                .as("api never depends on application or adapters");
    }

    /** An adapter calls inward only: never another adapter (any adapter/in|out/<kind> package counts). */
    ArchRule adaptersNeverCallOtherAdapters() {
        return classes().that().resideInAPackage(base + ".*.adapter..")
                .should(new ArchCondition<JavaClass>("not depend on another adapter") {
                    @Override
                    public void check(JavaClass adapter, ConditionEvents events) {
                        String own = adapterPackageOf(adapter.getPackageName());
                        for (Dependency dependency : adapter.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            if (target.contains(".adapter.") && !(target + ".").startsWith(own + ".")) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .as("an adapter never depends on another adapter");
    }

    /** {@code x.module.adapter.in.web.sub} -> {@code x.module.adapter.in.web}. */
    private static String adapterPackageOf(String packageName) {
        String[] parts = packageName.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            prefix.append(i == 0 ? "" : ".").append(parts[i]);
            if (parts[i].equals("adapter")) {
                for (int j = i + 1; j < Math.min(i + 3, parts.length); j++) {
                    prefix.append('.').append(parts[j]);
                }
                return prefix.toString();
            }
        }
        return packageName;
    }

    /**
     * Outside module X, only X.api and X's assembly (the classes of X's root package, e.g. {@code ConcertModule}) may be
     * touched, by anyone: other modules, the wiring module, and the test code of all of them. A module's internals are
     * built by its own assembly, never by the wiring or by another module's tests.
     */
    ArchRule modulesMeetOnlyThroughApi() {
        List<ArchRule> rules = modules.stream()
                .map(module -> noClasses().that().resideOutsideOfPackage(base + "." + module + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(
                                base + "." + module + ".domain..", base + "." + module + ".application..",
                                base + "." + module + ".adapter..")
                        .as("nothing outside " + module + " touches " + module + "'s domain, application or adapters"))
                .toList();
        return composite(rules)
                .as("modules meet only through their api packages");
    }

    /** The independent modules know nothing of each other at all. */
    ArchRule independentModulesKnowNothingOfEachOther(List<String> independent) {
        List<ArchRule> rules = independent.stream()
                .map(module -> noClasses().that().resideInAPackage(base + "." + module + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(independent.stream()
                                .filter(other -> !other.equals(module))
                                .map(other -> base + "." + other + "..")
                                .toArray(String[]::new))
                        .as(module + " knows nothing of " + independent.stream().filter(o -> !o.equals(module)).toList()))
                .toList();
        return composite(rules);
    }

    ArchRule noCyclesBetweenModules() {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles().as("no cycles between modules");
    }

    ArchRule noCyclesBetweenPackages() {
        return slices().matching(base + ".(**)").should().beFreeOfCycles().as("no cycles between packages");
    }

    /** Only the wiring module wires: modules carry no Spring stereotypes or configuration. */
    ArchRule onlyTheWiringModuleWires() {
        return noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackage(wiringPackage)
                .should().beAnnotatedWith("org.springframework.context.annotation.Configuration")
                .orShould().beAnnotatedWith("org.springframework.stereotype.Component")
                .orShould().beAnnotatedWith("org.springframework.stereotype.Service")
                .orShould().beAnnotatedWith("org.springframework.stereotype.Repository")
                .orShould().beAnnotatedWith("org.springframework.transaction.annotation.Transactional")
                .as("only the wiring module wires (no Spring stereotypes inside modules)");
    }

    /**
     * Metrics and tracing belong to the wiring module: a module reports what happened through its own outbound port, or
     * is measured around its api ports, and never names a metrics or tracing library.
     */
    ArchRule modulesNameNoMetricsOrTracingLibrary() {
        return noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackage(wiringPackage)
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.opentelemetry..", "io.prometheus..")
                .as("modules name no metrics or tracing library (Micrometer, OpenTelemetry, Prometheus): only the wiring module measures");
    }

    /**
     * A module's api and application speak no HTTP: its errors are {@code StagedoorProblem}s of a kind, which bootstrap
     * renders as problem+json; status codes, headers and web exceptions belong to the web adapters and to bootstrap.
     */
    ArchRule apiAndApplicationNameNoWebTypes() {
        return noClasses().that().resideInAnyPackage(base + ".*.api..", base + ".*.application..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "org.springframework.web..")
                .as("api and application depend on nothing from org.springframework.http or org.springframework.web");
    }

    /**
     * A module's api and application open no transaction themselves: they cross a transaction boundary through their
     * module's own port (e.g. {@code PaymentTransactions}), which an adapter implements with Spring's operator.
     */
    ArchRule apiAndApplicationNameNoTransactionApi() {
        return noClasses().that().resideInAnyPackage(base + ".*.api..", base + ".*.application..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.transaction..")
                .as("api and application depend on nothing from org.springframework.transaction (transactions go through a port)");
    }

    /**
     * In {@code packagePrivateModules}, what implements a port is package-private: a service implementing the module's
     * api port, an adapter implementing its outbound port. The assembly reaches them through one public factory per
     * package (e.g. {@code PaymentServices}, {@code PaymentPersistence}), so nothing else can build them.
     */
    ArchRule portImplementationsArePackagePrivate(List<String> packagePrivateModules) {
        List<ArchRule> rules = packagePrivateModules.stream()
                .map(module -> {
                    String root = base + "." + module;
                    return classes().that().resideInAnyPackage(root + ".application..", root + ".adapter..")
                            // the ports' own value types (e.g. a sealed result's records) are public with their port
                            .and().resideOutsideOfPackage(root + ".application.port..")
                            .and(implementAnInterfaceIn(root + ".api", root + ".application.port"))
                            .should().notBePublic()
                            .as("in " + module + ", services and adapters that implement a port are package-private");
                })
                .toList();
        return composite(rules);
    }

    /** Implements (directly or not) an interface of one of {@code packages} or their subpackages. */
    private static DescribedPredicate<JavaClass> implementAnInterfaceIn(String... packages) {
        return new DescribedPredicate<>("implement an interface of " + List.of(packages)) {
            @Override
            public boolean test(JavaClass javaClass) {
                return javaClass.getAllRawInterfaces().stream().anyMatch(type -> {
                    String name = type.getPackageName();
                    for (String p : packages) {
                        if (name.equals(p) || name.startsWith(p + ".")) {
                            return true;
                        }
                    }
                    return false;
                });
            }
        };
    }

    /** The shared kernel serves every module, so it knows none of them, and it stays free of Spring. */
    ArchRule commonDependsOnNoModule(String commonModule) {
        String common = base + "." + commonModule + "..";
        return noClasses().that().resideInAPackage(common)
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(base + "..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage(common)))
                .orShould().dependOnClassesThat().resideInAPackage("org.springframework..")
                .as(commonModule + " depends on no module and on no Spring type");
    }

    private static CompositeArchRule composite(List<ArchRule> rules) {
        CompositeArchRule composite = CompositeArchRule.of(rules.get(0));
        for (ArchRule rule : rules.subList(1, rules.size())) {
            composite = composite.and(rule);
        }
        return composite;
    }
}
