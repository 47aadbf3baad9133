package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** core/v1 Nodes and Events, coordination.k8s.io/v1 Leases, and the events.k8s.io/v1 view. */
class NodeLeaseEventApiIT {
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

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Node node(String name) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("node-role.kubernetes.io/worker", "")
        .endMetadata()
        .withNewStatus()
        .addToCapacity("cpu", new Quantity("4"))
        .addToCapacity("memory", new Quantity("8Gi"))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .withNewNodeInfo()
        .withKubeletVersion("v1.32.0-batchd")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  @Test
  void aNodeRegistersWithItsStatusAndKeepsItAcrossSpecUpdates() {
    Node created = client.nodes().resource(node("worker-1")).create();

    assertThat(created.getStatus().getCapacity()).containsEntry("cpu", new Quantity("4"));
    assertThat(created.getStatus().getAllocatable())
        .as("allocatable defaults to the capacity")
        .containsEntry("memory", new Quantity("8Gi"));

    Node cordoned =
        client
            .nodes()
            .withName("worker-1")
            .edit(
                n -> {
                  n.getSpec().setUnschedulable(true);
                  n.getStatus().setCapacity(Map.of());
                  return n;
                });
    assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
    assertThat(cordoned.getStatus().getCapacity()).containsEntry("cpu", new Quantity("4"));

    cordoned.getStatus().getConditions().get(0).setStatus("False");
    Node notReady = client.nodes().resource(cordoned).updateStatus();
    assertThat(notReady.getStatus().getConditions().get(0).getStatus()).isEqualTo("False");

    assertThat(client.nodes().withField("spec.unschedulable", "true").list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("worker-1");
    assertThat(client.nodes().withField("spec.unschedulable", "false").list().getItems()).isEmpty();
  }

  @Test
  void nodesPrintUpstreamsColumns() throws Exception {
    client.nodes().resource(node("worker-1")).create();

    HttpResponse<String> table =
        get("/api/v1/nodes", "application/json;as=Table;v=v1;g=meta.k8s.io");

    assertThat(table.body())
        .containsPattern(
            "\"cells\":\\[\"worker-1\",\"Ready\",\"worker\",\"[0-9a-z]+\",\"v1.32.0-batchd\","
                + "\"<none>\",\"<none>\",\"<unknown>\",\"<unknown>\",\"<unknown>\"\\]");
  }

  @Test
  void anInvalidNodeNameIsRefused() {
    assertThatThrownBy(() -> client.nodes().resource(node("Bad_Name")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void leasesAreRenewedAndValidated() {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("worker-1")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("worker-1")
            .withLeaseDurationSeconds(40)
            .withRenewTime(ZonedDateTime.parse("2024-01-02T03:04:05.000000Z"))
            .endSpec()
            .build();
    client.leases().inNamespace("kube-node-lease").resource(lease).create();

    Lease renewed =
        client
            .leases()
            .inNamespace("kube-node-lease")
            .withName("worker-1")
            .edit(
                l -> {
                  l.getSpec().setRenewTime(ZonedDateTime.parse("2024-01-02T03:04:15.000000Z"));
                  return l;
                });
    assertThat(renewed.getSpec().getRenewTime().toInstant())
        .isEqualTo(java.time.Instant.parse("2024-01-02T03:04:15Z"));

    assertThatThrownBy(
            () ->
                client
                    .leases()
                    .inNamespace("kube-node-lease")
                    .withName("worker-1")
                    .edit(
                        l -> {
                          l.getSpec().setLeaseDurationSeconds(0);
                          return l;
                        }))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .isEqualTo(
                        "Lease.coordination.k8s.io \"worker-1\" is invalid:"
                            + " spec.leaseDurationSeconds: Invalid value: 0: must be greater than"
                            + " 0"));
  }

  private Event event(String name, String kind, String object, String reason) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind)
        .withName(object)
        .withNamespace("default")
        .withUid("uid-" + object)
        .withApiVersion("batch/v1")
        .endInvolvedObject()
        .withReason(reason)
        .withMessage("Created pod: " + object + "-x")
        .withType("Normal")
        .withNewSource()
        .withComponent("job-controller")
        .endSource()
        .withFirstTimestamp("2024-01-02T03:04:05Z")
        .withLastTimestamp("2024-01-02T03:04:05Z")
        .withCount(1)
        .build();
  }

  @Test
  void eventsAreFoundAsKubectlDescribeAsksInAnyOrder() throws Exception {
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(event("a.1", "Job", "pi", "SuccessfulCreate"))
        .create();
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(event("b.1", "Job", "other", "SuccessfulCreate"))
        .create();
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(event("c.1", "Pod", "pi", "Scheduled"))
        .create();

    for (String selector :
        new String[] {
          "involvedObject.name=pi,involvedObject.namespace=default,involvedObject.kind=Job,involvedObject.uid=uid-pi",
          "involvedObject.uid=uid-pi,involvedObject.kind=Job,involvedObject.namespace=default,involvedObject.name=pi"
        }) {
      HttpResponse<String> found =
          get(
              "/api/v1/namespaces/default/events?fieldSelector="
                  + URLEncoder.encode(selector, StandardCharsets.UTF_8),
              "application/json");
      assertThat(found.statusCode()).isEqualTo(200);
      assertThat(found.body())
          .contains("\"name\":\"a.1\"")
          .doesNotContain("b.1")
          .doesNotContain("c.1");
    }
    assertThat(
            client
                .v1()
                .events()
                .inNamespace("default")
                .withField("source", "job-controller")
                .list()
                .getItems())
        .hasSize(3);
    assertThat(
            client
                .v1()
                .events()
                .inNamespace("default")
                .withField("reason", "Scheduled")
                .list()
                .getItems())
        .extracting(e -> e.getMetadata().getName())
        .containsExactly("c.1");
  }

  @Test
  void anEventInAnotherNamespaceThanItsObjectIsInvalid() {
    Event e = event("x.1", "Job", "pi", "SuccessfulCreate");
    e.getInvolvedObject().setNamespace("elsewhere");

    assertThatThrownBy(() -> client.v1().events().inNamespace("default").resource(e).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            ex ->
                assertThat(ex.getStatus().getMessage())
                    .isEqualTo(
                        "Event \"x.1\" is invalid: involvedObject.namespace: Invalid value:"
                            + " \"elsewhere\": does not match event.namespace"));
  }

  @Test
  void eventsPrintAsKubectlGetEventsShowsThem() throws Exception {
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(event("a.1", "Job", "pi", "SuccessfulCreate"))
        .create();

    HttpResponse<String> table =
        get("/api/v1/namespaces/default/events", "application/json;as=Table;v=v1;g=meta.k8s.io");

    assertThat(table.body())
        .containsPattern(
            "\"cells\":\\[\"[0-9a-z]+\",\"Normal\",\"SuccessfulCreate\",\"job/pi\",\"\","
                + "\"job-controller\",\"Created pod: pi-x\",\"[0-9a-z]+\",1,\"a.1\"\\]");
  }

  @Test
  void eventsK8sIoServesTheSameEventsReadOnly() throws Exception {
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(event("a.1", "Job", "pi", "SuccessfulCreate"))
        .create();

    HttpResponse<String> list =
        get(
            "/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector="
                + URLEncoder.encode("regarding.name=pi", StandardCharsets.UTF_8),
            "application/json");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("\"kind\":\"EventList\"", "\"apiVersion\":\"events.k8s.io/v1\"")
        .contains("\"regarding\":{", "\"note\":\"Created pod: pi-x\"")
        .contains("\"deprecatedSource\":{\"component\":\"job-controller\"}")
        .contains("\"deprecatedCount\":1");

    io.fabric8.kubernetes.api.model.events.v1.Event one =
        client.events().v1().events().inNamespace("default").withName("a.1").get();
    assertThat(one.getNote()).isEqualTo("Created pod: pi-x");

    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/apis/events.k8s.io/v1/namespaces/default/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.body()).contains("\"reason\":\"MethodNotAllowed\"");
    assertThat(
            get(
                    "/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=source%3Dx",
                    "application/json")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void discoveryListsThePodSubresourcesWithTheirVerbsAndKinds() throws Exception {
    String core = get("/api/v1", "application/json").body();

    assertThat(core)
        .contains(
            "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                + "\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\","
                + "\"update\",\"watch\"],\"shortNames\":[\"po\"],\"categories\":[\"all\"]}")
        .contains(
            "{\"name\":\"pods/eviction\",\"singularName\":\"\",\"namespaced\":true,"
                + "\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\",\"verbs\":[\"create\"]}")
        .contains(
            "{\"name\":\"pods/binding\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Binding\","
                + "\"verbs\":[\"create\"]}")
        .contains(
            "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\","
                + "\"verbs\":[\"get\"]}")
        .contains("\"shortNames\":[\"no\"]")
        .contains("\"shortNames\":[\"ev\"]");
    assertThat(get("/apis/events.k8s.io/v1", "application/json").body())
        .contains("\"verbs\":[\"get\",\"list\",\"watch\"]");
    assertThat(get("/apis/coordination.k8s.io/v1", "application/json").body())
        .contains("\"name\":\"leases\"");
  }
}
