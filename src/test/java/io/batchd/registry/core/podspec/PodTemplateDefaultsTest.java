package io.batchd.registry.core.podspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each pod-template default a Job's template gets. */
class PodTemplateDefaultsTest {

  private static PodSpec defaulted(PodSpec spec) {
    PodTemplateSpec t = new PodTemplateSpec();
    t.setSpec(spec);
    PodTemplateDefaults.apply(t);
    return t.getSpec();
  }

  private static PodSpec withContainer(Container c) {
    PodSpec spec = new PodSpec();
    spec.setContainers(List.of(c));
    return defaulted(spec);
  }

  @Test
  void restartPolicyDefaultsToAlways() {
    assertThat(defaulted(new PodSpec()).getRestartPolicy()).isEqualTo("Always");
  }

  @Test
  void dnsPolicyDefaultsToClusterFirst() {
    assertThat(defaulted(new PodSpec()).getDnsPolicy()).isEqualTo("ClusterFirst");
  }

  @Test
  void schedulerNameDefaultsToTheDefaultScheduler() {
    assertThat(defaulted(new PodSpec()).getSchedulerName()).isEqualTo("default-scheduler");
  }

  @Test
  void terminationGracePeriodDefaultsTo30Seconds() {
    assertThat(defaulted(new PodSpec()).getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void securityContextDefaultsToEmpty() {
    assertThat(defaulted(new PodSpec()).getSecurityContext()).isNotNull();
  }

  @Test
  void aMissingSpecIsCreated() {
    PodTemplateSpec t = new PodTemplateSpec();
    PodTemplateDefaults.apply(t);
    assertThat(t.getSpec().getRestartPolicy()).isEqualTo("Always");
  }

  @Test
  void setPodFieldsAreKept() {
    PodSpec spec = new PodSpec();
    spec.setRestartPolicy("Never");
    spec.setDnsPolicy("Default");
    spec.setTerminationGracePeriodSeconds(5L);
    spec.setSchedulerName("mine");
    defaulted(spec);
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getDnsPolicy()).isEqualTo("Default");
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(5L);
    assertThat(spec.getSchedulerName()).isEqualTo("mine");
  }

  @Test
  void terminationMessageDefaults() {
    Container c = withContainer(ctr("busybox")).getContainers().get(0);
    assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "busybox, Always",
    "busybox:latest, Always",
    "busybox:1.36, IfNotPresent",
    "registry.example.com:5000/team/app, Always",
    "registry.example.com:5000/team/app:v2, IfNotPresent",
    "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent",
    "busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
        + " Always",
    "Busybox, IfNotPresent",
    "'', IfNotPresent"
  })
  void imagePullPolicyFollowsTheTag(String image, String policy) {
    Container c = withContainer(ctr(image)).getContainers().get(0);
    assertThat(c.getImagePullPolicy()).isEqualTo(policy);
  }

  @Test
  void initContainersAreDefaultedToo() {
    PodSpec spec = new PodSpec();
    spec.setInitContainers(List.of(ctr("busybox")));
    Container c = defaulted(spec).getInitContainers().get(0);
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
  }

  @Test
  void portProtocolDefaultsToTcp() {
    Container c =
        withContainer(
                new ContainerBuilder(ctr("busybox"))
                    .addNewPort()
                    .withContainerPort(80)
                    .endPort()
                    .build())
            .getContainers()
            .get(0);
    assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
  }

  @Test
  void envFieldRefApiVersionDefaultsToV1() {
    Container c =
        withContainer(
                new ContainerBuilder(ctr("busybox"))
                    .addNewEnv()
                    .withName("POD")
                    .withNewValueFrom()
                    .withNewFieldRef(null, "metadata.name")
                    .endValueFrom()
                    .endEnv()
                    .build())
            .getContainers()
            .get(0);
    assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1");
  }

  @Test
  void probesGetTimingsAndHttpDefaults() {
    Probe probe = new ProbeBuilder().withNewHttpGet().withNewPort(8080).endHttpGet().build();
    Container c = ctr("busybox");
    c.setLivenessProbe(probe);
    withContainer(c);
    assertThat(probe.getTimeoutSeconds()).isEqualTo(1);
    assertThat(probe.getPeriodSeconds()).isEqualTo(10);
    assertThat(probe.getSuccessThreshold()).isEqualTo(1);
    assertThat(probe.getFailureThreshold()).isEqualTo(3);
    assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
  }

  @Test
  void aVolumeWithoutSourceBecomesAnEmptyDir() {
    PodSpec spec = new PodSpec();
    spec.setVolumes(List.of(new VolumeBuilder().withName("scratch").build()));
    assertThat(defaulted(spec).getVolumes().get(0).getEmptyDir()).isNotNull();
  }

  @Test
  void aVolumeWithASourceGetsNoEmptyDir() {
    PodSpec spec = new PodSpec();
    Volume v =
        new VolumeBuilder()
            .withName("cfg")
            .withNewConfigMap()
            .withName("app")
            .endConfigMap()
            .build();
    spec.setVolumes(List.of(v));
    defaulted(spec);
    assertThat(v.getEmptyDir()).isNull();
    assertThat(v.getConfigMap().getDefaultMode()).isEqualTo(0644);
  }

  @Test
  void secretVolumesGetMode0644() {
    PodSpec spec = new PodSpec();
    Volume v =
        new VolumeBuilder()
            .withName("s")
            .withNewSecret()
            .withSecretName("creds")
            .endSecret()
            .build();
    spec.setVolumes(List.of(v));
    defaulted(spec);
    assertThat(v.getSecret().getDefaultMode()).isEqualTo(420);
  }

  @Test
  void hostPathTypeDefaultsToUnset() {
    PodSpec spec = new PodSpec();
    Volume v =
        new VolumeBuilder().withName("h").withNewHostPath().withPath("/tmp").endHostPath().build();
    spec.setVolumes(List.of(v));
    defaulted(spec);
    assertThat(v.getHostPath().getType()).isEmpty();
  }

  private static Container ctr(String image) {
    return new ContainerBuilder().withName("main").withImage(image).build();
  }
}
