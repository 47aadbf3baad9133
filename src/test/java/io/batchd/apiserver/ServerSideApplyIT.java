package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
import tools.jackson.databind.JsonNode;

/** Server-side apply and managedFields through the fabric8 client and plain HTTP. */
class ServerSideApplyIT {
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

  private static JobBuilder job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withSuspend(true)
        .withParallelism(1)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private Job apply(Job job, String manager, boolean force) {
    var resource = client.batch().v1().jobs().resource(job).fieldManager(manager);
    return force ? resource.forceConflicts().serverSideApply() : resource.serverSideApply();
  }

  private Job get(String name) {
    return client.batch().v1().jobs().withName(name).get();
  }

  private static List<String> managers(Job job) {
    return job.getMetadata().getManagedFields().stream()
        .map(
            f ->
                f.getManager()
                    + "/"
                    + f.getOperation()
                    + (f.getSubresource() == null ? "" : "/" + f.getSubresource()))
        .toList();
  }

  private static String fields(Job job, String manager) {
    for (ManagedFieldsEntry entry : job.getMetadata().getManagedFields()) {
      if (entry.getManager().equals(manager)) {
        return Codecs.JSON.writeValueAsString(entry.getFieldsV1());
      }
    }
    throw new AssertionError("no entry for " + manager + " in " + managers(job));
  }

  private static KubernetesClientException failure(Runnable call) {
    try {
      call.run();
    } catch (KubernetesClientException e) {
      return e;
    }
    throw new AssertionError("expected the server to refuse the request");
  }

  private HttpResponse<String> patch(String path, String contentType, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", contentType)
            .header("Accept", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void applyCreatesThenUpdatesAndRecordsTheApplier() {
    Job created = apply(job("a").build(), "deployer", false);
    Job updated =
        apply(job("a").editSpec().withParallelism(3).endSpec().build(), "deployer", false);

    assertThat(created.getMetadata().getUid()).isNotNull();
    assertThat(created.getSpec().getBackoffLimit()).as("defaults apply").isEqualTo(6);
    assertThat(updated.getSpec().getParallelism()).isEqualTo(3);
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(managers(updated)).containsExactly("deployer/Apply");
    ManagedFieldsEntry entry = updated.getMetadata().getManagedFields().get(0);
    assertThat(entry.getApiVersion()).isEqualTo("batch/v1");
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(fields(updated, "deployer"))
        .isEqualTo(
            "{\"f:spec\":{\"f:parallelism\":{},\"f:suspend\":{},\"f:template\":{\"f:spec\":"
                + "{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{\"f:image\":{},\"f:name\":{},"
                + "\".\":{}}},\"f:restartPolicy\":{}}}}}");
    assertThat(fields(updated, "deployer"))
        .as("the generated selector and defaults belong to nobody")
        .doesNotContain("selector")
        .doesNotContain("backoffLimit");
  }

  @Test
  void aConflictingApplyIsRefusedUntilForced() {
    apply(job("b").build(), "first", false);

    KubernetesClientException conflict =
        failure(
            () -> apply(job("b").editSpec().withParallelism(2).endSpec().build(), "second", false));
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
    assertThat(conflict.getStatus().getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"first\": .spec.parallelism");
    assertThat(conflict.getStatus().getDetails().getCauses())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
              assertThat(c.getField()).isEqualTo(".spec.parallelism");
              assertThat(c.getMessage()).isEqualTo("conflict with \"first\"");
            });
    assertThat(get("b").getSpec().getParallelism()).isEqualTo(1);

    Job forced = apply(job("b").editSpec().withParallelism(2).endSpec().build(), "second", true);
    assertThat(forced.getSpec().getParallelism()).isEqualTo(2);
    assertThat(fields(forced, "first")).doesNotContain("parallelism");
    assertThat(fields(forced, "second")).contains("f:parallelism");
  }

  @Test
  void updatesByOtherClientsTakeOwnershipAndConflictWithTheApplier() {
    apply(job("c").build(), "deployer", false);
    client
        .batch()
        .v1()
        .jobs()
        .withName("c")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"parallelism\":5}}");

    Job patched = get("c");
    assertThat(managers(patched))
        .containsExactly("deployer/Apply", "fabric8-kubernetes-client/Update");
    assertThat(fields(patched, "fabric8-kubernetes-client"))
        .isEqualTo("{\"f:spec\":{\"f:parallelism\":{}}}");
    KubernetesClientException conflict = failure(() -> apply(job("c").build(), "deployer", false));
    assertThat(conflict.getStatus().getMessage())
        .isEqualTo(
            "Apply failed with 1 conflict: conflict with \"fabric8-kubernetes-client\" using"
                + " batch/v1: .spec.parallelism");
  }

  @Test
  void fieldsAnApplierStopsApplyingAreRemoved() {
    apply(
        job("d").editMetadata().addToLabels("a", "1").addToLabels("b", "2").endMetadata().build(),
        "deployer",
        false);

    Job second =
        apply(
            job("d").editMetadata().addToLabels("a", "1").endMetadata().build(), "deployer", false);

    assertThat(second.getMetadata().getLabels()).containsEntry("a", "1").doesNotContainKey("b");
  }

  @Test
  void patchWithTheServerSideApplyTypeTakesYaml() {
    apply(job("e").build(), "deployer", false);
    String yaml =
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: e
        spec:
          suspend: true
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox
        """;

    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .withName("e")
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager("yaml-user")
                    .build(),
                yaml);

    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(managers(job)).containsExactlyInAnyOrder("deployer/Apply", "yaml-user/Apply");
    assertThat(fields(job, "yaml-user")).contains("f:restartPolicy").doesNotContain("parallelism");
  }

  @Test
  void createsAndUpdatesAreRecordedUnderTheirManager() {
    client.batch().v1().jobs().resource(job("f").build()).create();
    Job edited =
        client
            .batch()
            .v1()
            .jobs()
            .withName("f")
            .edit(
                j -> new JobBuilder(j).editMetadata().addToLabels("x", "y").endMetadata().build());

    assertThat(managers(edited)).containsExactly("fabric8-kubernetes-client/Update");
    assertThat(fields(edited, "fabric8-kubernetes-client"))
        .as("the labels map existed (the job labels), so only the new label is added")
        .contains("\"f:labels\":{\"f:x\":{}}")
        .contains("\"f:backoffLimit\":{}");
  }

  @Test
  void aMergePatchWithOneEmptyEntryResetsManagedFields() {
    apply(job("g").build(), "deployer", false);

    client
        .batch()
        .v1()
        .jobs()
        .withName("g")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"managedFields\":[{}]}}");

    assertThat(get("g").getMetadata().getManagedFields()).isEmpty();
  }

  @Test
  void dryRunApplyStoresNothing() throws Exception {
    HttpResponse<String> response =
        patch(
            "/apis/batch/v1/namespaces/default/jobs/h?fieldManager=m&dryRun=All",
            "application/apply-patch+yaml",
            Codecs.JSON.writeValueAsString(job("h").build()));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(get("h")).isNull();
  }

  @Test
  void statusIsAppliedThroughTheStatusSubresource() throws Exception {
    apply(job("i").build(), "deployer", false);

    HttpResponse<String> response =
        patch(
            "/apis/batch/v1/namespaces/default/jobs/i/status?fieldManager=controller",
            "application/apply-patch+yaml",
            "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"i\"},"
                + "\"spec\":{\"parallelism\":7},\"status\":{\"active\":1}}");

    assertThat(response.statusCode()).isEqualTo(200);
    Job job = get("i");
    assertThat(job.getStatus().getActive()).isEqualTo(1);
    assertThat(job.getSpec().getParallelism()).as("spec ignored on /status").isEqualTo(1);
    assertThat(managers(job))
        .containsExactlyInAnyOrder("deployer/Apply", "controller/Apply/status");
    assertThat(fields(job, "controller")).isEqualTo("{\"f:status\":{\"f:active\":{}}}");
    assertThat(
            patch(
                    "/apis/batch/v1/namespaces/default/jobs/missing/status?fieldManager=c",
                    "application/apply-patch+yaml",
                    "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"missing\"}}")
                .statusCode())
        .as("status apply does not create")
        .isEqualTo(404);
  }

  @Test
  void badApplyRequestsGetUpstreamsErrors() throws Exception {
    record Case(String query, String body, int code, String message) {}
    String ok =
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"k\"},\"spec\":"
            + "{\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\","
            + "\"image\":\"x\"}]}}}}";
    for (Case c :
        List.of(
            new Case(
                "",
                ok,
                422,
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is"
                    + " required for apply patch"),
            new Case(
                "?fieldManager=m",
                ok.replace("batch/v1", "v1"),
                400,
                "invalid object type: /v1, Kind=Job"),
            new Case(
                "?fieldManager=m",
                ok.replace("\"template\"", "\"nope\":1,\"template\""),
                400,
                "failed to create typed patch object (/k; batch/v1, Kind=Job): .spec.nope: field"
                    + " not declared in schema"),
            new Case(
                "?fieldManager=m",
                ok.replace("\"k\"", "\"other\""),
                400,
                "the name of the object (other) does not match the name on the URL (k)"),
            new Case(
                "?fieldManager=m",
                ok.replace("\"Never\"", "\"Always\""),
                422,
                "Job.batch \"k\" is invalid: spec.template.spec.restartPolicy: Required value:"
                    + " valid values: \"OnFailure\", \"Never\""),
            new Case("?fieldManager=m", "- a\n- b\n", 400, null))) {
      HttpResponse<String> response =
          patch(
              "/apis/batch/v1/namespaces/default/jobs/k" + c.query(),
              "application/apply-patch+yaml",
              c.body());
      JsonNode status = Codecs.JSON.readTree(response.body());
      assertThat(response.statusCode()).as(c.body()).isEqualTo(c.code());
      if (c.message() != null) {
        assertThat(status.path("message").asString()).isEqualTo(c.message());
      }
    }
    HttpResponse<String> forced =
        patch(
            "/apis/batch/v1/namespaces/default/jobs/k?force=true",
            "application/merge-patch+json",
            "{}");
    assertThat(forced.statusCode()).isEqualTo(422);
    assertThat(Codecs.JSON.readTree(forced.body()).path("message").asString())
        .isEqualTo(
            "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for"
                + " non-apply patch");
  }

  @Test
  void namespacesAreAppliedToo() {
    Namespace ns =
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("team")
                    .withLabels(Map.of("owner", "a"))
                    .endMetadata()
                    .build())
            .fieldManager("ns-admin")
            .serverSideApply();

    assertThat(ns.getMetadata().getLabels()).containsEntry("owner", "a");
    assertThat(ns.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getManager()).isEqualTo("ns-admin");
              assertThat(e.getApiVersion()).isEqualTo("v1");
            });
  }
}
