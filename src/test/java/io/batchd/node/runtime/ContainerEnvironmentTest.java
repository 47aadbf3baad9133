package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerEnvironmentTest {
  private static final Map<String, Quantity> ALLOCATABLE =
      Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"));

  private static Pod pod(Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("job-x-0-abcde")
        .withNamespace("team-a")
        .withUid("1111-2222")
        .withLabels(Map.of("app", "demo", "batch.kubernetes.io/job-name", "job-x"))
        .withAnnotations(Map.of("batch.kubernetes.io/job-completion-index", "7"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .withServiceAccountName("default")
        .withContainers(containers)
        .endSpec()
        .build();
  }

  private static Map<String, String> resolve(Container container) throws Exception {
    Pod pod = pod(container);
    return new ContainerEnvironment(
            new PodFieldValues(pod, List.of("10.0.0.5", "fd00::5"), List.of("10.0.0.5", "fd00::5")),
            new ResourceFieldValues(pod, ALLOCATABLE))
        .resolve(container);
  }

  private static Container withEnv(EnvVar... env) {
    return new ContainerBuilder().withName("main").withEnv(env).build();
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  static Stream<Arguments> fieldRefs() {
    return Stream.of(
        Arguments.of("metadata.name", "job-x-0-abcde"),
        Arguments.of("metadata.namespace", "team-a"),
        Arguments.of("metadata.uid", "1111-2222"),
        Arguments.of("metadata.labels['app']", "demo"),
        Arguments.of("metadata.labels['missing']", ""),
        Arguments.of("metadata.annotations['batch.kubernetes.io/job-completion-index']", "7"),
        Arguments.of("metadata.labels", "app=\"demo\"\nbatch.kubernetes.io/job-name=\"job-x\""),
        Arguments.of("spec.nodeName", "node-1"),
        Arguments.of("spec.serviceAccountName", "default"),
        Arguments.of("status.hostIP", "10.0.0.5"),
        Arguments.of("status.hostIPs", "10.0.0.5,fd00::5"),
        Arguments.of("status.podIP", "10.0.0.5"),
        Arguments.of("status.podIPs", "10.0.0.5,fd00::5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldRefs")
  void fieldRefReadsThePod(String path, String expected) throws Exception {
    assertThat(resolve(withEnv(field("V", path)))).containsEntry("V", expected);
  }

  @Test
  void unsupportedFieldPathIsAConfigError() {
    assertThatThrownBy(() -> resolve(withEnv(field("V", "spec.restartPolicy"))))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessage("unsupported fieldPath: spec.restartPolicy");
  }

  @Test
  void valuesExpandVariablesDeclaredBeforeThemOnly() throws Exception {
    var env =
        resolve(
            withEnv(
                new EnvVar("A", "a", null),
                new EnvVar("B", "$(A)-$(C)-$$(A)", null),
                new EnvVar("C", "c", null),
                field("POD", "metadata.name"),
                new EnvVar("D", "pod=$(POD)", null)));
    assertThat(env)
        .containsEntry("B", "a-$(C)-$(A)")
        .containsEntry("C", "c")
        .containsEntry("D", "pod=job-x-0-abcde");
  }

  @Test
  void aLaterVariableReplacesAnEarlierOneAndSeesItsValue() throws Exception {
    var env =
        resolve(
            withEnv(
                new EnvVar("A", "first", null),
                new EnvVar("A", "$(A)-second", null),
                new EnvVar("EMPTY", null, null)));
    assertThat(env).containsEntry("A", "first-second").containsEntry("EMPTY", "");
  }

  private static EnvVar resource(String name, String resource, String divisor) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewResourceFieldRef()
        .withResource(resource)
        .withDivisor(divisor == null ? null : new Quantity(divisor))
        .endResourceFieldRef()
        .endValueFrom()
        .build();
  }

  static Stream<Arguments> resourceRefs() {
    return Stream.of(
        // CPU rounds up to whole divisors
        Arguments.of("limits.cpu", null, "1"),
        Arguments.of("limits.cpu", "1m", "250"),
        Arguments.of("limits.cpu", "100m", "3"),
        Arguments.of("requests.cpu", "1m", "100"),
        Arguments.of("requests.cpu", null, "1"),
        Arguments.of("limits.memory", null, "67108864"),
        Arguments.of("limits.memory", "1Mi", "64"),
        Arguments.of("limits.memory", "1M", "68"),
        Arguments.of("requests.memory", "1Mi", "32"),
        // no limit: the node's allocatable
        Arguments.of("limits.ephemeral-storage", null, "0"),
        // no request and no limit: zero
        Arguments.of("requests.ephemeral-storage", null, "0"));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("resourceRefs")
  void resourceFieldRefDividesAndRoundsUp(String resource, String divisor, String expected)
      throws Exception {
    Container container =
        new ContainerBuilder()
            .withName("main")
            .withEnv(resource("V", resource, divisor))
            .withNewResources()
            .withLimits(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("64Mi")))
            .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("32Mi")))
            .endResources()
            .build();
    assertThat(resolve(container)).containsEntry("V", expected);
  }

  @Test
  void limitsTheContainerDoesNotSetAreTheNodesAllocatable() throws Exception {
    var env =
        resolve(
            withEnv(
                resource("CPU", "limits.cpu", null),
                resource("MEM", "limits.memory", "1Gi"),
                resource("REQ", "requests.cpu", null)));
    assertThat(env).containsEntry("CPU", "2").containsEntry("MEM", "8").containsEntry("REQ", "0");
  }

  @Test
  void configMapAndSecretReferencesAreConfigErrorsUnlessOptional() throws Exception {
    EnvVar required =
        new EnvVarBuilder()
            .withName("V")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("key", "settings", false)
            .endValueFrom()
            .build();
    assertThatThrownBy(() -> resolve(withEnv(required)))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageStartingWith("configmap \"settings\" not found: batchd does not serve");

    EnvVar secret =
        new EnvVarBuilder()
            .withName("V")
            .withNewValueFrom()
            .withNewSecretKeyRef("key", "token", null)
            .endValueFrom()
            .build();
    assertThatThrownBy(() -> resolve(withEnv(secret)))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageStartingWith("secret \"token\" not found");

    EnvVar optional =
        new EnvVarBuilder()
            .withName("V")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("key", "settings", true)
            .endValueFrom()
            .build();
    assertThat(resolve(withEnv(optional, new EnvVar("W", "w", null))))
        .doesNotContainKey("V")
        .containsEntry("W", "w");
  }

  @Test
  void envFromIsAConfigErrorUnlessOptional() throws Exception {
    Container required =
        new ContainerBuilder()
            .withName("main")
            .addNewEnvFrom()
            .withNewConfigMapRef("settings", null)
            .endEnvFrom()
            .build();
    assertThatThrownBy(() -> resolve(required))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("configmap \"settings\" not found");

    Container optional =
        new ContainerBuilder()
            .withName("main")
            .addNewEnvFrom()
            .withNewSecretRef("token", true)
            .endEnvFrom()
            .withEnv(new EnvVar("A", "a", null))
            .build();
    assertThat(resolve(optional)).containsExactly(Map.entry("A", "a"));
  }
}
