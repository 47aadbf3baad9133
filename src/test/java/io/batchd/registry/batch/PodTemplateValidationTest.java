package io.batchd.registry.batch;

import static io.batchd.registry.batch.JobCreateValidationTest.container;
import static io.batchd.registry.batch.JobCreateValidationTest.podSpec;
import static io.batchd.registry.batch.ValidationCase.row;
import static io.batchd.registry.batch.ValidationCase.rowAfterDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerResizePolicy;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod template rules a Job is held to: one row per rule, exact upstream messages. */
class PodTemplateValidationTest {
  private static final String C0 = "spec.template.spec.containers[0]";
  private static final String LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String NAME_PART_MSG =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  static Stream<ValidationCase> cases() {
    return Stream.of(
        row(
            "a pod needs a container",
            j -> podSpec(j).setContainers(new ArrayList<>()),
            "spec.template.spec.containers: Required value"),
        row(
            "container names are required",
            j -> container(j).setName(null),
            C0 + ".name: Required value"),
        row(
            "container names are DNS labels",
            j -> container(j).setName("Main"),
            C0 + ".name: Invalid value: \"Main\": " + LABEL_MSG),
        row(
            "container names are unique",
            j -> podSpec(j).getContainers().add(ctr("main")),
            "spec.template.spec.containers[1].name: Duplicate value: \"main\""),
        row(
            "init container names differ from container names",
            j -> podSpec(j).setInitContainers(List.of(ctr("main"))),
            "spec.template.spec.initContainers[0].name: Duplicate value: \"main\""),
        row("images are required", j -> container(j).setImage(null), C0 + ".image: Required value"),
        row(
            "terminationMessagePolicy is File or FallbackToLogsOnError",
            j -> container(j).setTerminationMessagePolicy("Stdout"),
            C0
                + ".terminationMessagePolicy: Unsupported value: \"Stdout\": supported values:"
                + " \"File\", \"FallbackToLogsOnError\""),
        row(
            "imagePullPolicy is Always, IfNotPresent or Never",
            j -> container(j).setImagePullPolicy("Sometimes"),
            C0
                + ".imagePullPolicy: Unsupported value: \"Sometimes\": supported values:"
                + " \"Always\", \"IfNotPresent\", \"Never\""),
        row(
            "regular containers have no restartPolicy",
            j -> container(j).setRestartPolicy("Always"),
            C0 + ".restartPolicy: Forbidden: may not be set for non-init containers"),
        row(
            "an init container's restartPolicy can only be Always",
            j -> podSpec(j).setInitContainers(List.of(withRestartPolicy(ctr("init"), "OnFailure"))),
            "spec.template.spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\":"
                + " supported values: \"Always\""),
        row(
            "plain init containers have no probes",
            j -> {
              Container init = ctr("init");
              init.setLivenessProbe(new Probe());
              podSpec(j).setInitContainers(List.of(init));
            },
            "spec.template.spec.initContainers[0].livenessProbe: Forbidden: may not be set for"
                + " init containers without restartPolicy=Always"),
        row(
            "init containers have no resize policy",
            j -> {
              Container init = ctr("init");
              init.setResizePolicy(List.of(new ContainerResizePolicy("cpu", "NotRequired")));
              podSpec(j).setInitContainers(List.of(init));
            },
            "spec.template.spec.initContainers[0].resizePolicy: Invalid value:"
                + " []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:\"cpu\","
                + " RestartPolicy:\"NotRequired\"}}: must not be set for init containers"),
        row(
            "env names are required",
            j -> container(j).setEnv(List.of(new EnvVar(null, "v", null))),
            C0 + ".env[0].name: Required value"),
        row(
            "env names are printable ASCII without '='",
            j -> container(j).setEnv(List.of(new EnvVar("A=B", "v", null))),
            C0
                + ".env[0].name: Invalid value: \"A=B\": a valid environment variable name must"
                + " consist only of printable ASCII characters other than '='"),
        row(
            "valueFrom names a source",
            j ->
                container(j)
                    .setEnv(
                        List.of(
                            new EnvVarBuilder()
                                .withName("A")
                                .withNewValueFrom()
                                .endValueFrom()
                                .build())),
            C0
                + ".env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`,"
                + " `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
        row(
            "valueFrom excludes value",
            j -> container(j).setEnv(List.of(fieldRef("A", "metadata.name", "x"))),
            C0
                + ".env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"),
        row(
            "valueFrom names one source",
            j ->
                container(j)
                    .setEnv(
                        List.of(
                            new EnvVarBuilder()
                                .withName("A")
                                .withNewValueFrom()
                                .withNewFieldRef("v1", "metadata.name")
                                .withNewSecretKeyRef("key", "s", false)
                                .endValueFrom()
                                .build())),
            C0
                + ".env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"),
        row(
            "fieldRef paths are those a container's environment can read",
            j -> container(j).setEnv(List.of(fieldRef("A", "spec.schedulerName", null))),
            C0
                + ".env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.schedulerName\":"
                + " supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\","
                + " \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\","
                + " \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""),
        row(
            "fieldRef paths must be known to the downward API",
            j -> container(j).setEnv(List.of(fieldRef("A", "spec.containers", null))),
            C0
                + ".env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.containers\": error"
                + " converting fieldPath: field label not supported: spec.containers"),
        row(
            "a label fieldRef names a qualified label key",
            j -> container(j).setEnv(List.of(fieldRef("A", "metadata.labels['bad key']", null))),
            C0 + ".env[0].valueFrom.fieldRef: Invalid value: \"bad key\": " + NAME_PART_MSG),
        row(
            "secretKeyRef needs a key",
            j ->
                container(j)
                    .setEnv(
                        List.of(
                            new EnvVarBuilder()
                                .withName("A")
                                .withNewValueFrom()
                                .withNewSecretKeyRef(null, "creds", false)
                                .endValueFrom()
                                .build())),
            C0 + ".env[0].valueFrom.secretKeyRef.key: Required value"),
        row(
            "envFrom names a source",
            j -> container(j).setEnvFrom(List.of(new EnvFromSource(null, "P_", null))),
            C0
                + ".envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"),
        row(
            "envFrom needs a ConfigMap name",
            j ->
                container(j)
                    .setEnvFrom(
                        List.of(
                            new EnvFromSource(new ConfigMapEnvSource(null, false), null, null))),
            C0 + ".envFrom[0].configMapRef.name: Required value"),
        row(
            "container ports are required to be non-zero",
            j -> container(j).setPorts(List.of(port(null, 0))),
            C0 + ".ports[0].containerPort: Required value"),
        row(
            "container ports are at most 65535",
            j -> container(j).setPorts(List.of(port(null, 70000))),
            C0
                + ".ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        row(
            "host ports are at most 65535",
            j -> {
              ContainerPort p = port(null, 80);
              p.setHostPort(70000);
              container(j).setPorts(List.of(p));
            },
            C0
                + ".ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        row(
            "port protocols are SCTP, TCP or UDP",
            j -> {
              ContainerPort p = port(null, 80);
              p.setProtocol("HTTP");
              container(j).setPorts(List.of(p));
            },
            C0
                + ".ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\","
                + " \"TCP\", \"UDP\""),
        row(
            "port names are IANA service names",
            j -> container(j).setPorts(List.of(port("Web", 80))),
            C0
                + ".ports[0].name: Invalid value: \"Web\": must contain only alpha-numeric"
                + " characters (a-z, 0-9), and hyphens (-)"),
        row(
            "port names are unique",
            j -> container(j).setPorts(List.of(port("web", 80), port("web", 81))),
            C0 + ".ports[1].name: Duplicate value: \"web\""),
        row(
            "requests are at most limits",
            j -> container(j).setResources(resources(Map.of("cpu", "1"), Map.of("cpu", "2"))),
            C0
                + ".resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"),
        row(
            "quantities are non-negative",
            j -> container(j).setResources(resources(Map.of("memory", "-1"), Map.of())),
            C0
                + ".resources.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0"),
        row(
            "extended resources need a limit",
            j -> container(j).setResources(resources(Map.of(), Map.of("example.com/gpu", "1"))),
            C0
                + ".resources.limits: Required value: Limit must be set for non overcommitable resources"),
        row(
            "extended resource requests equal limits",
            j ->
                container(j)
                    .setResources(
                        resources(Map.of("example.com/gpu", "2"), Map.of("example.com/gpu", "1"))),
            C0
                + ".resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"),
        row(
            "extended resources are whole numbers",
            j -> container(j).setResources(resources(Map.of("example.com/gpu", "1500m"), Map.of())),
            C0 + ".resources.limits[example.com/gpu]: Invalid value: 1500m: must be an integer"),
        row(
            "unprefixed resource names are standard container resources",
            j -> container(j).setResources(resources(Map.of("gpu", "1"), Map.of())),
            C0
                + ".resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
            C0
                + ".resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"),
        row(
            "user ids are 0 to 2147483647",
            j -> {
              SecurityContext sc = new SecurityContext();
              sc.setRunAsUser(-1L);
              container(j).setSecurityContext(sc);
            },
            C0
                + ".securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive"),
        row(
            "volume names are DNS labels",
            j -> podSpec(j).setVolumes(List.of(emptyDir("Data"))),
            "spec.template.spec.volumes[0].name: Invalid value: \"Data\": " + LABEL_MSG),
        row(
            "volume names are unique",
            j -> podSpec(j).setVolumes(List.of(emptyDir("data"), emptyDir("data"))),
            "spec.template.spec.volumes[1].name: Duplicate value: \"data\""),
        row(
            "a volume has one source",
            j -> {
              Volume v = emptyDir("data");
              v.setHostPath(new HostPathVolumeSource("/tmp", null));
              podSpec(j).setVolumes(List.of(v));
            },
            "spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"),
        row(
            "a hostPath volume needs a path",
            j ->
                podSpec(j)
                    .setVolumes(
                        List.of(
                            new VolumeBuilder()
                                .withName("data")
                                .withNewHostPath()
                                .endHostPath()
                                .build())),
            "spec.template.spec.volumes[0].hostPath.path: Required value"),
        row(
            "volume mounts name a volume",
            j -> container(j).setVolumeMounts(List.of(mount("nope", "/data"))),
            C0 + ".volumeMounts[0].name: Not found: \"nope\""),
        row(
            "volume mount paths are unique",
            j -> {
              podSpec(j).setVolumes(List.of(emptyDir("a"), emptyDir("b")));
              container(j).setVolumeMounts(List.of(mount("a", "/data"), mount("b", "/data")));
            },
            C0 + ".volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"),
        row(
            "template labels are valid labels",
            j -> {
              j.getMetadata().setLabels(Map.of("app", "x"));
              j.getSpec().getTemplate().setMetadata(labels(Map.of("bad key", "v")));
            },
            "spec.template.labels: Invalid value: \"bad key\": " + NAME_PART_MSG),
        row(
            "template annotation keys are qualified names",
            j -> {
              ObjectMeta m = new ObjectMeta();
              m.setAnnotations(Map.of("bad key", "v"));
              j.getSpec().getTemplate().setMetadata(m);
            },
            "spec.template.annotations: Invalid value: \"bad key\": " + NAME_PART_MSG),
        row(
            "node selectors are labels",
            j -> podSpec(j).setNodeSelector(Map.of("zone", "bad value!")),
            "spec.template.spec.nodeSelector: Invalid value: \"bad value!\": a valid label must be"
                + " an empty string or consist of alphanumeric characters, '-', '_' or '.', and"
                + " must start and end with an alphanumeric character (e.g. 'MyValue',  or"
                + " 'my_value',  or '12345', regex used for validation is"
                + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        row(
            "a keyless toleration must use Exists",
            j ->
                podSpec(j)
                    .setTolerations(
                        List.of(new Toleration("NoSchedule", null, "Equal", null, "x"))),
            "spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be"
                + " Exists when `key` is empty, which means \"match all values and all keys\""),
        row(
            "tolerationSeconds needs effect NoExecute",
            j ->
                podSpec(j)
                    .setTolerations(
                        List.of(new Toleration("NoSchedule", "k", "Exists", 30L, null))),
            "spec.template.spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must"
                + " be 'NoExecute' when `tolerationSeconds` is set"),
        row(
            "toleration operators are Equal or Exists",
            j -> podSpec(j).setTolerations(List.of(new Toleration(null, "k", "Gt", null, null))),
            "spec.template.spec.tolerations[0].operator: Unsupported value: \"Gt\": supported"
                + " values: \"Equal\", \"Exists\""),
        row(
            "scheduling gates are unique",
            j ->
                podSpec(j)
                    .setSchedulingGates(
                        List.of(
                            new PodSchedulingGate("example.com/q"),
                            new PodSchedulingGate("example.com/q"))),
            "spec.template.spec.schedulingGates[1]: Duplicate value: \"example.com/q\""),
        row(
            "a pod's activeDeadlineSeconds is positive",
            j -> podSpec(j).setActiveDeadlineSeconds(0L),
            "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and"
                + " 2147483647, inclusive"),
        row(
            "dnsPolicy is a known policy",
            j -> podSpec(j).setDnsPolicy("Google"),
            "spec.template.spec.dnsPolicy: Unsupported value: \"Google\": supported values:"
                + " \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""),
        row(
            "hostnames are DNS labels",
            j -> podSpec(j).setHostname("a.b"),
            "spec.template.spec.hostname: Invalid value: \"a.b\": must not contain dots"),
        row(
            "service account names are DNS subdomains",
            j -> podSpec(j).setServiceAccountName("Robot"),
            "spec.template.spec.serviceAccountName: Invalid value: \"Robot\": a lowercase RFC 1123"
                + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                + " must start and end with an alphanumeric character (e.g. 'example.com', regex"
                + " used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        row(
            "templates have no ephemeral containers",
            j -> {
              EphemeralContainer e = new EphemeralContainer();
              e.setName("debug");
              e.setImage("busybox");
              podSpec(j).setEphemeralContainers(List.of(e));
            },
            "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed"
                + " in pod template"),
        rowAfterDefaults(
            "terminationGracePeriodSeconds is required",
            j -> podSpec(j).setTerminationGracePeriodSeconds(null),
            "spec.template.spec.terminationGracePeriodSeconds: Required value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithUpstreamMessage(ValidationCase c) {
    Job job = c.job();
    assertThat(TestJobs.messages(JobValidation.validateCreate(job)))
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void acceptsARichValidTemplate() {
    Job job =
        TestJobs.created(
            j -> {
              podSpec(j).setVolumes(List.of(emptyDir("scratch")));
              Container c = container(j);
              c.setVolumeMounts(List.of(mount("scratch", "/scratch")));
              c.setPorts(List.of(port("metrics", 9090)));
              c.setEnv(
                  List.of(
                      new EnvVar("PLAIN", "1", null),
                      fieldRef("POD", "metadata.name", null),
                      fieldRef("TEAM", "metadata.labels['team']", null)));
              c.setResources(
                  resources(
                      Map.of("cpu", "2", "example.com/gpu", "1"),
                      Map.of("cpu", "500m", "example.com/gpu", "1")));
              Container sidecar = withRestartPolicy(ctr("sidecar"), "Always");
              sidecar.setReadinessProbe(new Probe());
              podSpec(j).setInitContainers(List.of(sidecar));
              podSpec(j).setTolerations(List.of(new Toleration(null, null, "Exists", null, null)));
            });
    assertThat(JobValidation.validateCreate(job)).isEmpty();
  }

  static Container ctr(String name) {
    return new ContainerBuilder().withName(name).withImage("busybox").build();
  }

  static Container withRestartPolicy(Container c, String policy) {
    c.setRestartPolicy(policy);
    return c;
  }

  static EnvVar fieldRef(String name, String path, String value) {
    return new EnvVarBuilder()
        .withName(name)
        .withValue(value)
        .withNewValueFrom()
        .withNewFieldRef(null, path)
        .endValueFrom()
        .build();
  }

  static ContainerPort port(String name, int number) {
    ContainerPort p = new ContainerPort();
    p.setName(name);
    p.setContainerPort(number);
    return p;
  }

  static ResourceRequirements resources(Map<String, String> limits, Map<String, String> requests) {
    ResourceRequirements r = new ResourceRequirements();
    Map<String, Quantity> l = new LinkedHashMap<>();
    limits.forEach((k, v) -> l.put(k, new Quantity(v)));
    Map<String, Quantity> q = new LinkedHashMap<>();
    requests.forEach((k, v) -> q.put(k, new Quantity(v)));
    r.setLimits(l);
    r.setRequests(q);
    return r;
  }

  static Volume emptyDir(String name) {
    Volume v = new Volume();
    v.setName(name);
    v.setEmptyDir(new EmptyDirVolumeSource());
    return v;
  }

  static VolumeMount mount(String name, String path) {
    VolumeMount m = new VolumeMount();
    m.setName(name);
    m.setMountPath(path);
    return m;
  }

  static ObjectMeta labels(Map<String, String> labels) {
    ObjectMeta m = new ObjectMeta();
    m.setLabels(new LinkedHashMap<>(labels));
    return m;
  }
}
