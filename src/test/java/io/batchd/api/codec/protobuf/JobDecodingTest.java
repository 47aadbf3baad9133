package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.intOrString;
import static io.batchd.api.codec.protobuf.Proto.message;
import static io.batchd.api.codec.protobuf.Proto.quantity;
import static io.batchd.api.codec.protobuf.Proto.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A batch/v1 Job with most of its fields set, built on the wire and checked field by field. */
class JobDecodingTest {
  private static KubernetesProtobuf.Decoded decoded;
  private static JsonNode job;

  /** 2026-11-23T10:00:00Z. */
  private static final long NOV_23 = 1795428000L;

  @BeforeAll
  static void decode() {
    decoded = KubernetesProtobuf.decode(Proto.body("batch/v1", "Job", job()));
    job = decoded.object();
  }

  private static JsonNode json(String text) {
    return Codecs.JSON.readTree(text);
  }

  private static Proto job() {
    return message()
        .message(1, metadata())
        .message(2, spec())
        .message(
            3,
            message()
                .message(
                    1,
                    message()
                        .string(1, "Complete")
                        .string(2, "True")
                        .message(3, message()) // zero lastProbeTime, as Go writes it
                        .message(4, time(NOV_23, 0))
                        .string(5, "")
                        .string(6, ""))
                .message(2, time(NOV_23 - 60, 0))
                .message(3, time(NOV_23, 999_000_000))
                .varint(4, 0)
                .varint(5, 3)
                .varint(6, 1)
                .varint(11, 0)
                .string(7, "0-2")
                .string(10, "")
                .message(8, message().string(1, "uid-a").string(2, "uid-b"))
                .varint(9, 0));
  }

  private static Proto metadata() {
    return message()
        .string(1, "pi")
        .string(2, "pi-")
        .string(3, "default")
        .string(4, "")
        .string(5, "")
        .string(6, "")
        .varint(7, 0)
        .message(8, message())
        .entry(11, "app", "pi")
        .entry(11, "tier", "")
        .entry(12, "note", "hello")
        .message(
            13,
            message()
                .string(1, "CronJob")
                .string(3, "nightly")
                .string(4, "uid-1")
                .string(5, "batch/v1")
                .bool(6, true)
                .bool(7, false))
        .string(14, "example.com/cleanup");
  }

  private static Proto spec() {
    return message()
        .varint(1, 2)
        .varint(2, 4)
        .varint(3, 600)
        .message(
            11,
            message()
                .message(
                    1,
                    message()
                        .string(1, "FailJob")
                        .message(2, message().string(1, "main").string(2, "In").packed(3, 42, 43)))
                .message(
                    1,
                    message()
                        .string(1, "Ignore")
                        .message(3, message().string(1, "DisruptionTarget").string(2, "True"))))
        .message(16, message().message(1, message().string(1, "0-1").varint(2, 1)))
        .varint(7, 0) // backoffLimit: 0 is explicit and must survive
        .varint(12, 1)
        .varint(13, 2)
        .message(
            4,
            message()
                .entry(1, "app", "pi")
                .message(
                    2, message().string(1, "tier").string(2, "In").string(3, "a").string(3, "b")))
        .bool(5, true)
        .message(6, message().message(1, message().entry(11, "app", "pi")).message(2, podSpec()))
        .varint(8, 100)
        .string(9, "Indexed")
        .bool(10, false)
        .string(14, "Failed")
        .string(15, "example.com/queue");
  }

  private static Proto podSpec() {
    return message()
        .message(1, message().string(1, "scratch").message(2, message().message(2, message())))
        .message(
            1,
            message()
                .string(1, "host")
                .message(2, message().message(1, message().string(1, "/data").string(2, ""))))
        .message(
            1,
            message()
                .string(1, "cfg")
                .message(
                    2,
                    message()
                        .message(
                            19,
                            message()
                                .message(1, message().string(1, "settings"))
                                .message(
                                    2,
                                    message()
                                        .string(1, "a.conf")
                                        .string(2, "a.conf")
                                        .varint(3, 0400))
                                .varint(3, 0644))))
        .message(
            1,
            message()
                .string(1, "sec")
                .message(2, message().message(6, message().string(1, "creds").bool(4, true))))
        .message(
            1,
            message()
                .string(1, "info")
                .message(
                    2,
                    message()
                        .message(
                            16,
                            message()
                                .message(
                                    1,
                                    message()
                                        .string(1, "labels")
                                        .message(2, message().string(2, "metadata.labels"))))))
        .message(
            1,
            message()
                .string(1, "all")
                .message(
                    2,
                    message()
                        .message(
                            26,
                            message()
                                .message(
                                    1,
                                    message()
                                        .message(
                                            4,
                                            message()
                                                .string(1, "api")
                                                .varint(2, 3600)
                                                .string(3, "token")))
                                .varint(2, 0420))))
        .message(20, message().string(1, "init").string(2, "busybox").string(3, "true"))
        .message(2, container())
        .string(3, "Never")
        .varint(4, 30)
        .varint(5, 900)
        .string(6, "ClusterFirst")
        .entry(7, "disk", "ssd")
        .string(8, "runner")
        .string(9, "")
        .string(10, "")
        .bool(11, false)
        .bool(12, false)
        .bool(13, false)
        .message(14, message().varint(2, 1000).varint(5, 2000).packed(4, 3000, 4000).bool(3, true))
        .message(15, message().string(1, "regcred"))
        .string(16, "worker")
        .string(17, "pool")
        .string(19, "default-scheduler")
        .message(
            22, message().string(1, "gpu").string(2, "Exists").string(4, "NoSchedule").varint(5, 0))
        .string(24, "high")
        .varint(25, 1000)
        .string(29, "runc")
        .bool(30, false)
        .string(31, "Never")
        .entry(32, "cpu", quantity("250m"));
  }

  private static Proto container() {
    return message()
        .string(1, "main")
        .string(2, "busybox:1.36")
        .string(3, "sh")
        .string(3, "-c")
        .string(4, "echo $(GREETING)")
        .string(5, "/work")
        .message(6, message().string(1, "http").varint(3, 8080).string(4, "TCP").varint(2, 0))
        .message(
            19,
            message()
                .string(1, "CFG_")
                .message(2, message().message(1, message().string(1, "settings")).bool(2, true)))
        .message(19, message().message(3, message().message(1, message().string(1, "creds"))))
        .message(7, message().string(1, "GREETING").string(2, "hi"))
        .message(
            7,
            message()
                .string(1, "POD")
                .string(2, "")
                .message(
                    3, message().message(1, message().string(1, "v1").string(2, "metadata.name"))))
        .message(
            7,
            message()
                .string(1, "LIMIT")
                .message(
                    3,
                    message()
                        .message(
                            2,
                            message()
                                .string(1, "")
                                .string(2, "limits.memory")
                                .message(3, quantity("1Mi")))))
        .message(
            7,
            message()
                .string(1, "COLOR")
                .message(
                    3,
                    message()
                        .message(
                            3,
                            message()
                                .message(1, message().string(1, "settings"))
                                .string(2, "color")
                                .bool(3, false))))
        .message(
            7,
            message()
                .string(1, "TOKEN")
                .message(
                    3,
                    message()
                        .message(
                            4,
                            message().message(1, message().string(1, "creds")).string(2, "token"))))
        .message(
            8,
            message()
                .entry(1, "cpu", quantity("500m"))
                .entry(1, "memory", quantity("128Mi"))
                .entry(2, "cpu", quantity("100m"))
                .message(3, message().string(1, "gpu").string(2, "")))
        .message(
            9,
            message()
                .string(1, "scratch")
                .bool(2, true)
                .string(3, "/scratch")
                .string(4, "")
                .string(6, ""))
        .message(
            10,
            message()
                .message(
                    1,
                    message()
                        .message(
                            2,
                            message()
                                .string(1, "/healthz")
                                .message(2, intOrString("http"))
                                .string(4, "HTTP")
                                .message(5, message().string(1, "X-Probe").string(2, "1"))))
                .varint(2, 5)
                .varint(3, 1)
                .varint(4, 10)
                .varint(5, 1)
                .varint(6, 3))
        .message(
            11,
            message()
                .message(1, message().message(3, message().message(1, intOrString(8080))))
                .varint(2, 0))
        .message(
            22,
            message()
                .message(1, message().message(4, message().varint(1, 9090).string(2, "ready")))
                .varint(6, 30)
                .varint(7, 0))
        .message(
            22,
            message().message(1, message().message(1, message().string(1, "cat").string(1, "/ok"))))
        .string(13, "/dev/termination-log")
        .string(20, "FallbackToLogsOnError")
        .string(14, "IfNotPresent")
        .message(
            15,
            message()
                .message(1, message().string(2, "ALL"))
                .bool(2, false)
                .varint(4, 0)
                .bool(5, false)
                .bool(6, true)
                .bool(7, false)
                .message(11, message().string(1, "RuntimeDefault")))
        .bool(16, false)
        .bool(17, false)
        .bool(18, false);
  }

  @Test
  void typeMetaComesFromTheEnvelope() {
    assertThat(decoded.apiVersion()).isEqualTo("batch/v1");
    assertThat(decoded.kind()).isEqualTo("Job");
    assertThat(job.get("apiVersion").stringValue()).isEqualTo("batch/v1");
    assertThat(job.get("kind").stringValue()).isEqualTo("Job");
  }

  @Test
  void metadataKeepsWhatWasSetAndDropsGoZeroValues() {
    assertThat(job.get("metadata"))
        .isEqualTo(
            json(
                """
                {"name": "pi", "generateName": "pi-", "namespace": "default",
                 "creationTimestamp": null,
                 "labels": {"app": "pi", "tier": ""},
                 "annotations": {"note": "hello"},
                 "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob",
                   "name": "nightly", "uid": "uid-1", "controller": true,
                   "blockOwnerDeletion": false}],
                 "finalizers": ["example.com/cleanup"]}
                """));
  }

  @Test
  void specScalarsKeepExplicitZerosOfPointerFields() {
    JsonNode spec = job.get("spec");
    assertThat(spec.get("parallelism").intValue()).isEqualTo(2);
    assertThat(spec.get("completions").intValue()).isEqualTo(4);
    assertThat(spec.get("activeDeadlineSeconds").longValue()).isEqualTo(600L);
    assertThat(spec.get("backoffLimit").intValue()).isZero();
    assertThat(spec.get("backoffLimitPerIndex").intValue()).isEqualTo(1);
    assertThat(spec.get("maxFailedIndexes").intValue()).isEqualTo(2);
    assertThat(spec.get("manualSelector").booleanValue()).isTrue();
    assertThat(spec.get("ttlSecondsAfterFinished").intValue()).isEqualTo(100);
    assertThat(spec.get("completionMode").stringValue()).isEqualTo("Indexed");
    assertThat(spec.get("suspend").isBoolean()).isTrue();
    assertThat(spec.get("suspend").booleanValue()).isFalse();
    assertThat(spec.get("podReplacementPolicy").stringValue()).isEqualTo("Failed");
    assertThat(spec.get("managedBy").stringValue()).isEqualTo("example.com/queue");
  }

  @Test
  void policiesAndSelector() {
    JsonNode spec = job.get("spec");
    assertThat(spec.get("podFailurePolicy"))
        .isEqualTo(
            json(
                """
                {"rules": [
                  {"action": "FailJob",
                   "onExitCodes": {"containerName": "main", "operator": "In", "values": [42, 43]}},
                  {"action": "Ignore",
                   "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]}
                """));
    assertThat(spec.get("successPolicy"))
        .isEqualTo(json("{\"rules\": [{\"succeededIndexes\": \"0-1\", \"succeededCount\": 1}]}"));
    assertThat(spec.get("selector"))
        .isEqualTo(
            json(
                """
                {"matchLabels": {"app": "pi"},
                 "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]}
                """));
  }

  @Test
  void podSpecFields() {
    JsonNode pod = job.at("/spec/template/spec");
    assertThat(job.at("/spec/template/metadata"))
        .isEqualTo(json("{\"labels\": {\"app\": \"pi\"}}"));
    assertThat(pod.get("restartPolicy").stringValue()).isEqualTo("Never");
    assertThat(pod.get("terminationGracePeriodSeconds").longValue()).isEqualTo(30L);
    assertThat(pod.get("activeDeadlineSeconds").longValue()).isEqualTo(900L);
    assertThat(pod.get("dnsPolicy").stringValue()).isEqualTo("ClusterFirst");
    assertThat(pod.get("nodeSelector")).isEqualTo(json("{\"disk\": \"ssd\"}"));
    assertThat(pod.get("serviceAccountName").stringValue()).isEqualTo("runner");
    assertThat(pod.get("securityContext"))
        .isEqualTo(
            json(
                "{\"runAsUser\": 1000, \"fsGroup\": 2000, \"supplementalGroups\": [3000, 4000],"
                    + " \"runAsNonRoot\": true}"));
    assertThat(pod.get("imagePullSecrets")).isEqualTo(json("[{\"name\": \"regcred\"}]"));
    assertThat(pod.get("hostname").stringValue()).isEqualTo("worker");
    assertThat(pod.get("subdomain").stringValue()).isEqualTo("pool");
    assertThat(pod.get("schedulerName").stringValue()).isEqualTo("default-scheduler");
    assertThat(pod.get("tolerations"))
        .isEqualTo(
            json(
                "[{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\","
                    + " \"tolerationSeconds\": 0}]"));
    assertThat(pod.get("priorityClassName").stringValue()).isEqualTo("high");
    assertThat(pod.get("priority").intValue()).isEqualTo(1000);
    assertThat(pod.get("runtimeClassName").stringValue()).isEqualTo("runc");
    assertThat(pod.get("enableServiceLinks").booleanValue()).isFalse();
    assertThat(pod.get("preemptionPolicy").stringValue()).isEqualTo("Never");
    assertThat(pod.get("overhead")).isEqualTo(json("{\"cpu\": \"250m\"}"));
    // Go value fields written as zero by gogo are not in the JSON.
    assertThat(pod.has("serviceAccount")).isFalse();
    assertThat(pod.has("nodeName")).isFalse();
    assertThat(pod.has("hostNetwork")).isFalse();
    assertThat(pod.has("hostPID")).isFalse();
    assertThat(pod.has("hostIPC")).isFalse();
    assertThat(pod.get("initContainers"))
        .isEqualTo(json("[{\"name\": \"init\", \"image\": \"busybox\", \"command\": [\"true\"]}]"));
  }

  @Test
  void volumes() {
    assertThat(job.at("/spec/template/spec/volumes"))
        .isEqualTo(
            json(
                """
                [{"name": "scratch", "emptyDir": {}},
                 {"name": "host", "hostPath": {"path": "/data", "type": ""}},
                 {"name": "cfg", "configMap": {"name": "settings",
                   "items": [{"key": "a.conf", "path": "a.conf", "mode": 256}],
                   "defaultMode": 420}},
                 {"name": "sec", "secret": {"secretName": "creds", "optional": true}},
                 {"name": "info", "downwardAPI": {"items": [
                   {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                 {"name": "all", "projected": {"sources": [
                   {"serviceAccountToken": {"audience": "api", "expirationSeconds": 3600,
                     "path": "token"}}], "defaultMode": 272}}]
                """));
  }

  @Test
  void containerBasics() {
    JsonNode c = job.at("/spec/template/spec/containers/0");
    assertThat(c.get("name").stringValue()).isEqualTo("main");
    assertThat(c.get("image").stringValue()).isEqualTo("busybox:1.36");
    assertThat(c.get("command")).isEqualTo(json("[\"sh\", \"-c\"]"));
    assertThat(c.get("args")).isEqualTo(json("[\"echo $(GREETING)\"]"));
    assertThat(c.get("workingDir").stringValue()).isEqualTo("/work");
    assertThat(c.get("ports"))
        .isEqualTo(json("[{\"name\": \"http\", \"containerPort\": 8080, \"protocol\": \"TCP\"}]"));
    assertThat(c.get("terminationMessagePath").stringValue()).isEqualTo("/dev/termination-log");
    assertThat(c.get("terminationMessagePolicy").stringValue()).isEqualTo("FallbackToLogsOnError");
    assertThat(c.get("imagePullPolicy").stringValue()).isEqualTo("IfNotPresent");
    assertThat(c.has("stdin")).isFalse();
    assertThat(c.has("stdinOnce")).isFalse();
    assertThat(c.has("tty")).isFalse();
    assertThat(c.get("volumeMounts"))
        .isEqualTo(
            json("[{\"name\": \"scratch\", \"readOnly\": true, \"mountPath\": \"/scratch\"}]"));
  }

  @Test
  void containerEnvironment() {
    JsonNode c = job.at("/spec/template/spec/containers/0");
    assertThat(c.get("envFrom"))
        .isEqualTo(
            json(
                """
                [{"prefix": "CFG_", "configMapRef": {"name": "settings", "optional": true}},
                 {"secretRef": {"name": "creds"}}]
                """));
    assertThat(c.get("env"))
        .isEqualTo(
            json(
                """
                [{"name": "GREETING", "value": "hi"},
                 {"name": "POD", "valueFrom": {"fieldRef":
                   {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                 {"name": "LIMIT", "valueFrom": {"resourceFieldRef":
                   {"resource": "limits.memory", "divisor": "1Mi"}}},
                 {"name": "COLOR", "valueFrom": {"configMapKeyRef":
                   {"name": "settings", "key": "color", "optional": false}}},
                 {"name": "TOKEN", "valueFrom": {"secretKeyRef":
                   {"name": "creds", "key": "token"}}}]
                """));
  }

  @Test
  void containerResources() {
    assertThat(job.at("/spec/template/spec/containers/0/resources"))
        .isEqualTo(
            json(
                """
                {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "100m"},
                 "claims": [{"name": "gpu"}]}
                """));
  }

  @Test
  void containerProbes() {
    JsonNode c = job.at("/spec/template/spec/containers/0");
    assertThat(c.get("livenessProbe"))
        .isEqualTo(
            json(
                """
                {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP",
                   "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
                 "initialDelaySeconds": 5, "timeoutSeconds": 1, "periodSeconds": 10,
                 "successThreshold": 1, "failureThreshold": 3}
                """));
    assertThat(c.get("readinessProbe")).isEqualTo(json("{\"tcpSocket\": {\"port\": 8080}}"));
    // Two occurrences of a message field merge, as protobuf and Go do.
    assertThat(c.get("startupProbe"))
        .isEqualTo(
            json(
                """
                {"grpc": {"port": 9090, "service": "ready"}, "exec": {"command": ["cat", "/ok"]},
                 "failureThreshold": 30, "terminationGracePeriodSeconds": 0}
                """));
  }

  @Test
  void containerSecurityContext() {
    assertThat(job.at("/spec/template/spec/containers/0/securityContext"))
        .isEqualTo(
            json(
                """
                {"capabilities": {"drop": ["ALL"]}, "privileged": false, "runAsUser": 0,
                 "runAsNonRoot": false, "readOnlyRootFilesystem": true,
                 "allowPrivilegeEscalation": false, "seccompProfile": {"type": "RuntimeDefault"}}
                """));
  }

  @Test
  void status() {
    assertThat(job.get("status"))
        .isEqualTo(
            json(
                """
                {"conditions": [{"type": "Complete", "status": "True", "lastProbeTime": null,
                   "lastTransitionTime": "2026-11-23T10:00:00Z"}],
                 "startTime": "2026-11-23T09:59:00Z",
                 "completionTime": "2026-11-23T10:00:00Z",
                 "succeeded": 3, "failed": 1, "terminating": 0, "completedIndexes": "0-2",
                 "failedIndexes": "",
                 "uncountedTerminatedPods": {"succeeded": ["uid-a"], "failed": ["uid-b"]},
                 "ready": 0}
                """));
  }

  @Test
  void nothingWasSkipped() {
    assertThat(decoded.skippedFields()).isEmpty();
  }
}
