package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * core/v1 Pods through the fabric8 client and plain HTTP: what the scheduler, the node agent and
 * the job controller rely on (defaults, status writes, binding, eviction, graceful deletion, field
 * selectors, resourceVersion conflicts).
 */
class PodApiIT {
  @TempDir Path dir;
  private InProcessServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = new InProcessServer(dir);
    client = server.client();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "demo")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("echo", "hi")
        .endContainer()
        .endSpec()
        .build();
  }

  private Pod create(Pod pod) {
    return client.pods().inNamespace("default").resource(pod).create();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> bind(String pod, String node) throws Exception {
    return post(
        "/api/v1/namespaces/default/pods/" + pod + "/binding",
        """
        {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"},
         "target":{"apiVersion":"v1","kind":"Node","name":"%s"}}"""
            .formatted(pod, node));
  }

  @Test
  void aCreatedPodCarriesUpstreamsDefaultsAndWhatAdmissionAdds() {
    Pod created = create(pod("defaults"));

    var spec = created.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Always");
    assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(spec.getEnableServiceLinks()).isTrue();
    assertThat(spec.getServiceAccountName()).isEqualTo("default");
    assertThat(spec.getServiceAccount()).isEqualTo("default");
    assertThat(spec.getPriority()).isZero();
    assertThat(spec.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    assertThat(spec.getTolerations())
        .extracting(Toleration::getKey, Toleration::getEffect, Toleration::getTolerationSeconds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", "NoExecute", 300L),
            org.assertj.core.groups.Tuple.tuple(
                "node.kubernetes.io/unreachable", "NoExecute", 300L));
    assertThat(spec.getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    assertThat(spec.getContainers().get(0).getTerminationMessagePath())
        .isEqualTo("/dev/termination-log");
    assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(created.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(created.getMetadata().getGeneration()).isNull();
  }

  @Test
  void requestsDefaultToLimitsAndMakeThePodGuaranteed() {
    Pod pod = pod("guaranteed");
    pod.getSpec()
        .getContainers()
        .get(0)
        .setResources(
            new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("64Mi")))
                .build());

    Pod created = create(pod);

    assertThat(created.getSpec().getContainers().get(0).getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("64Mi"));
    assertThat(created.getStatus().getQosClass()).isEqualTo("Guaranteed");
  }

  @Test
  void anInvalidPodIsRefusedWithUpstreamsMessage() {
    Pod pod = pod("bad");
    pod.getSpec().getContainers().get(0).setName("Not_A_Label");

    assertThatThrownBy(() -> create(pod))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .startsWith(
                      "Pod \"bad\" is invalid: spec.containers[0].name: Invalid value:"
                          + " \"Not_A_Label\": a lowercase RFC 1123 label must consist of");
            });
  }

  @Test
  void anUpdateMayChangeImagesAndLabelsButNotTheRestOfTheSpec() {
    create(pod("update"));

    Pod newImage =
        client
            .pods()
            .inNamespace("default")
            .withName("update")
            .edit(
                p -> {
                  p.getSpec().getContainers().get(0).setImage("busybox:1.36");
                  p.getMetadata().getLabels().put("tier", "b");
                  return p;
                });
    assertThat(newImage.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.36");
    assertThat(newImage.getMetadata().getLabels()).containsEntry("tier", "b");

    assertThatThrownBy(
            () ->
                client
                    .pods()
                    .inNamespace("default")
                    .withName("update")
                    .edit(
                        p -> {
                          p.getSpec().setRestartPolicy("Never");
                          return p;
                        }))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .startsWith(
                      "Pod \"update\" is invalid: spec: Forbidden: pod updates may not change"
                          + " fields other than `spec.containers[*].image`,"
                          + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                          + "`spec.tolerations` (only additions to existing tolerations),"
                          + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it"
                          + " was previously negative)\n")
                  .contains("- spec.restartPolicy: \"Always\"")
                  .contains("+ spec.restartPolicy: \"Never\"");
            });
  }

  @Test
  void theActiveDeadlineMayOnlyBeLowered() {
    Pod pod = pod("deadline");
    pod.getSpec().setActiveDeadlineSeconds(100L);
    create(pod);

    Pod lowered =
        client
            .pods()
            .inNamespace("default")
            .withName("deadline")
            .edit(
                p -> {
                  p.getSpec().setActiveDeadlineSeconds(50L);
                  return p;
                });
    assertThat(lowered.getSpec().getActiveDeadlineSeconds()).isEqualTo(50L);
    assertThatThrownBy(
            () ->
                client
                    .pods()
                    .inNamespace("default")
                    .withName("deadline")
                    .edit(
                        p -> {
                          p.getSpec().setActiveDeadlineSeconds(60L);
                          return p;
                        }))
        .hasMessageContaining(
            "spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous"
                + " value");
  }

  @Test
  void statusIsWrittenThroughStatusAndTheMainResourceKeepsIt() {
    create(pod("status"));

    Pod running = client.pods().inNamespace("default").withName("status").get();
    running.getStatus().setPhase("Running");
    running
        .getStatus()
        .setContainerStatuses(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("main")
                    .withImage("busybox")
                    .withImageID("")
                    .withReady(true)
                    .withRestartCount(0)
                    .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                    .build()));
    running.getSpec().setNodeName("ignored-by-status");
    Pod updated = client.pods().inNamespace("default").resource(running).updateStatus();

    assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
    assertThat(updated.getSpec().getNodeName()).isNull();

    updated.getStatus().setPhase("Failed");
    updated.getMetadata().getLabels().put("seen", "yes");
    Pod viaMain = client.pods().inNamespace("default").resource(updated).update();
    assertThat(viaMain.getStatus().getPhase()).isEqualTo("Running");
    assertThat(viaMain.getMetadata().getLabels()).containsEntry("seen", "yes");
  }

  @Test
  void aStaleResourceVersionConflicts() {
    Pod created = create(pod("stale"));
    client
        .pods()
        .inNamespace("default")
        .withName("stale")
        .edit(
            p -> {
              p.getMetadata().getLabels().put("v", "2");
              return p;
            });

    created.getMetadata().getLabels().put("v", "old");
    assertThatThrownBy(() -> client.pods().inNamespace("default").resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void aBindingAssignsTheNodeOnceAndMarksThePodScheduled() throws Exception {
    create(pod("bind"));

    HttpResponse<String> bound = bind("bind", "node-a");
    assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
    assertThat(bound.body()).contains("\"status\":\"Success\"");
    Pod pod = client.pods().inNamespace("default").withName("bind").get();
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pod.getStatus().getConditions())
        .extracting(PodCondition::getType, PodCondition::getStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));

    HttpResponse<String> again = bind("bind", "node-b");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body())
        .contains(
            "Operation cannot be fulfilled on pods/binding \\\"bind\\\": pod bind is already"
                + " assigned to node \\\"node-a\\\"");
  }

  @Test
  void aBindingWithoutATargetIsInvalid() throws Exception {
    create(pod("target"));

    HttpResponse<String> response =
        post(
            "/api/v1/namespaces/default/pods/target/binding",
            "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"target\"},"
                + "\"target\":{\"kind\":\"Pod\"}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body())
        .contains(
            "Binding \\\"target\\\" is invalid: [target.kind: Unsupported value: \\\"Pod\\\":"
                + " supported values: \\\"Node\\\", \\\"<empty>\\\", target.name: Required value]");
  }

  @Test
  void deletingABoundPodMarksItForItsGracePeriodUntilTheAgentDeletesItWithZero() throws Exception {
    create(pod("graceful"));
    bind("graceful", "node-a");

    Pod marked = client.pods().inNamespace("default").withName("graceful").get();
    client.pods().inNamespace("default").withName("graceful").delete();

    Pod terminating = client.pods().inNamespace("default").withName("graceful").get();
    assertThat(terminating).isNotNull();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    assertThat(java.time.Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
        .isAfter(
            java.time.Instant.parse(marked.getMetadata().getCreationTimestamp()).plusSeconds(29));

    // A later delete may shorten the period; 0 removes the pod.
    client.pods().inNamespace("default").withName("graceful").withGracePeriod(10).delete();
    assertThat(
            client
                .pods()
                .inNamespace("default")
                .withName("graceful")
                .get()
                .getMetadata()
                .getDeletionGracePeriodSeconds())
        .isEqualTo(10L);
    client.pods().inNamespace("default").withName("graceful").withGracePeriod(0).delete();
    assertThat(client.pods().inNamespace("default").withName("graceful").get()).isNull();
  }

  @Test
  void anUnboundPodIsDeletedAtOnce() {
    create(pod("unbound"));

    client.pods().inNamespace("default").withName("unbound").delete();

    assertThat(client.pods().inNamespace("default").withName("unbound").get()).isNull();
  }

  @Test
  void finalizersHoldAPodAfterItsGracePeriodEnds() throws Exception {
    Pod pod = pod("held");
    pod.getMetadata().setFinalizers(List.of("batch.kubernetes.io/job-tracking"));
    create(pod);
    bind("held", "node-a");

    client.pods().inNamespace("default").withName("held").withGracePeriod(0).delete();

    Pod held = client.pods().inNamespace("default").withName("held").get();
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(held.getMetadata().getDeletionGracePeriodSeconds()).isZero();
    client
        .pods()
        .inNamespace("default")
        .withName("held")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });
    client.pods().inNamespace("default").withName("held").withGracePeriod(0).delete();
    assertThat(client.pods().inNamespace("default").withName("held").get()).isNull();
  }

  @Test
  void removingTheLastFinalizerOfAPodWhoseGracePeriodEndedRemovesIt() throws Exception {
    Pod pod = pod("finalized");
    pod.getMetadata().setFinalizers(List.of("batch.kubernetes.io/job-tracking"));
    create(pod);
    bind("finalized", "node-a");
    client.pods().inNamespace("default").withName("finalized").withGracePeriod(0).delete();
    assertThat(client.pods().inNamespace("default").withName("finalized").get()).isNotNull();

    client
        .pods()
        .inNamespace("default")
        .withName("finalized")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });

    assertThat(client.pods().inNamespace("default").withName("finalized").get()).isNull();
  }

  @Test
  void removingTheLastFinalizerDuringAGracePeriodKeepsThePod() throws Exception {
    Pod pod = pod("graceful-held");
    pod.getMetadata().setFinalizers(List.of("batch.kubernetes.io/job-tracking"));
    create(pod);
    bind("graceful-held", "node-a");
    client.pods().inNamespace("default").withName("graceful-held").withGracePeriod(30).delete();

    client
        .pods()
        .inNamespace("default")
        .withName("graceful-held")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });

    Pod kept = client.pods().inNamespace("default").withName("graceful-held").get();
    assertThat(kept.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    assertThat(kept.getMetadata().getFinalizers()).isEmpty();
  }

  @Test
  void anEvictionMarksThePodAsADisruptionTargetAndDeletesIt() throws Exception {
    create(pod("evict"));
    bind("evict", "node-a");

    HttpResponse<String> response =
        post(
            "/api/v1/namespaces/default/pods/evict/eviction",
            "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"evict\"}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    Pod evicted = client.pods().inNamespace("default").withName("evict").get();
    assertThat(evicted.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(evicted.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("DisruptionTarget"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("EvictionByEvictionAPI");
              assertThat(c.getMessage()).isEqualTo("Eviction API: evicting");
            });
  }

  @Test
  void anEvictionInPolicyV1beta1IsAcceptedAsUpstreamDoes() throws Exception {
    create(pod("evict-beta"));
    bind("evict-beta", "node-a");

    HttpResponse<String> response =
        post(
            "/api/v1/namespaces/default/pods/evict-beta/eviction",
            "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"evict-beta\"}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    Pod evicted = client.pods().inNamespace("default").withName("evict-beta").get();
    assertThat(evicted.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(evicted.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
        .contains("DisruptionTarget=True EvictionByEvictionAPI");
  }

  @Test
  void anEvictionInAnotherGroupVersionIsRefused() throws Exception {
    create(pod("evict-other"));

    HttpResponse<String> response =
        post(
            "/api/v1/namespaces/default/pods/evict-other/eviction",
            "{\"apiVersion\":\"policy/v2\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"evict-other\"}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "the API version in the data (policy/v2) does not match the expected API version"
                + " (policy/v1)");
    assertThat(
            client
                .pods()
                .inNamespace("default")
                .withName("evict-other")
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNull();
  }

  @Test
  void fieldSelectorsSelectByNodeAndPhase() throws Exception {
    create(pod("on-a"));
    create(pod("on-b"));
    create(pod("nowhere"));
    bind("on-a", "node-a");
    bind("on-b", "node-b");

    assertThat(
            client
                .pods()
                .inNamespace("default")
                .withField("spec.nodeName", "node-a")
                .list()
                .getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("on-a");
    assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", "").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("nowhere");
    assertThat(
            client
                .pods()
                .inNamespace("default")
                .withField("status.phase", "Pending")
                .list()
                .getItems())
        .hasSize(3);
    assertThatThrownBy(() -> client.pods().inNamespace("default").withField("spec.foo", "x").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("field label not supported: spec.foo");
            });
  }

  @Test
  void deletingANamespaceWaitsForItsTerminatingPods() throws Exception {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("gone")
                .endMetadata()
                .build())
        .create();
    client.pods().inNamespace("gone").resource(pod("p")).create();
    post(
        "/api/v1/namespaces/gone/pods/p/binding",
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"p\"},"
            + "\"target\":{\"name\":\"node-a\"}}");

    client.namespaces().withName("gone").delete();

    assertThat(client.namespaces().withName("gone").get().getStatus().getPhase())
        .isEqualTo("Terminating");
    client.pods().inNamespace("gone").withName("p").withGracePeriod(0).delete();
    assertThat(client.namespaces().withName("gone").get()).isNull();
  }

  @Test
  void theLogOfABoundPodIsUnavailableWithoutALogSource() throws Exception {
    create(pod("nolog"));
    bind("nolog", "node-a");

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/namespaces/default/pods/nolog/log"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("no node agent serves logs to this API server");
  }
}
