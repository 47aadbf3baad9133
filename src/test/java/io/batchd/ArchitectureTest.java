package io.batchd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of DESIGN.md, checked on the compiled main classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.batchd");
  }

  private static ArchRule only(String layer, String... allowed) {
    String[] forbidden =
        java.util.stream.Stream.of(
                "api",
                "store",
                "registry",
                "apiserver",
                "client",
                "controller",
                "node",
                "web",
                "cli")
            .filter(p -> !p.equals(layer) && !java.util.List.of(allowed).contains(p))
            .map(p -> "io.batchd." + p + "..")
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage("io.batchd." + layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .allowEmptyShould(true)
        .because("DESIGN.md: " + layer + " may use only " + String.join(", ", allowed));
  }

  @Test
  void apiDependsOnNothingOfOurs() {
    only("api").check(classes);
  }

  @Test
  void storeDependsOnlyOnApi() {
    only("store", "api").check(classes);
  }

  @Test
  void registryDependsOnlyOnStoreAndApi() {
    only("registry", "store", "api").check(classes);
  }

  @Test
  void apiserverDependsOnlyOnRegistryAndApi() {
    only("apiserver", "registry", "api").check(classes);
  }

  @Test
  void controllersAndAgentsUseOnlyTheClientAndApi() {
    only("controller", "client", "api").check(classes);
    only("node", "client", "api").check(classes);
  }

  @Test
  void theJobDecisionFunctionDoesNoIo() {
    // JobSync and everything of ours it reaches use only api and the model, never the client:
    // the reconciler beside it in controller.job does the I/O.
    noClasses()
        .that()
        .haveFullyQualifiedName("io.batchd.controller.job.JobSync")
        .or()
        .haveFullyQualifiedName("io.batchd.controller.job.JobPodClaims")
        .should()
        .transitivelyDependOnClassesThat()
        .resideInAnyPackage(
            "io.batchd.client..",
            "io.batchd.store..",
            "io.batchd.registry..",
            "io.batchd.apiserver..",
            "io.batchd.node..")
        .because("DESIGN.md: controllers are pure sync functions applied by a thin reconciler")
        .check(classes);
  }

  @Test
  void containerRuntimeAndLogsUseOnlyTheApi() {
    // The agent drives the runtime; the runtime itself knows no agent, client or registry.
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that()
        .resideInAnyPackage("io.batchd.node.runtime..", "io.batchd.node.logs..")
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideOutsideOfPackage("io.batchd..")
                .or(
                    JavaClass.Predicates.resideInAnyPackage(
                        "io.batchd.api..", "io.batchd.node.runtime..", "io.batchd.node.logs..")))
        .allowEmptyShould(true)
        .because("DESIGN.md: the container runtime depends on nothing of ours but api")
        .check(classes);
  }

  @Test
  void theLayeringRuleCatchesAViolation() {
    // The rule must be able to fail: the CLI wires every layer, so "cli may use only api" breaks.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> only("cli", "api").check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.batchd.cli");
  }
}
