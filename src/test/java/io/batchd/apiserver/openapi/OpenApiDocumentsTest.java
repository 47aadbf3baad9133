package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiDocumentsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final OpenApiDocuments DOCUMENTS =
      OpenApiDocuments.build(ServedTypes.ALL, "v1.32.5");
  private static final String JOBS = "/apis/batch/v1/namespaces/{namespace}/jobs";
  private static final String JOB = JOBS + "/{name}";

  private static JsonNode batch() {
    return JSON.readTree(DOCUMENTS.v3("apis/batch/v1").orElseThrow().body());
  }

  private static JsonNode core() {
    return JSON.readTree(DOCUMENTS.v3("api/v1").orElseThrow().body());
  }

  private static JsonNode v2() {
    return JSON.readTree(DOCUMENTS.v2().body());
  }

  private static List<String> parameterNames(JsonNode operationOrPath) {
    List<String> names = new ArrayList<>();
    operationOrPath.path("parameters").forEach(p -> names.add(p.get("name").asString()));
    return names;
  }

  /** Every operation of a document: path, method, operation. */
  private static List<Map.Entry<String, JsonNode>> operations(JsonNode doc) {
    List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (!op.getKey().equals("parameters")) {
                            operations.add(
                                Map.entry(path.getKey() + " " + op.getKey(), op.getValue()));
                          }
                        }));
    return operations;
  }

  @Test
  void aDocumentIsTheOpenApi3OfItsGroupVersion() {
    JsonNode doc = batch();

    assertThat(doc.get("openapi").asString()).isEqualTo("3.0.0");
    assertThat(doc.at("/info/title").asString()).isEqualTo("Kubernetes");
    assertThat(doc.at("/info/version").asString()).isEqualTo("v1.32.5");
    assertThat(doc.get("paths").propertyNames())
        .containsExactlyInAnyOrder("/apis/batch/v1/jobs", JOBS, JOB, JOB + "/status");
    assertThat(doc.at("/components/schemas").propertyNames())
        .contains(
            "io.k8s.api.batch.v1.Job",
            "io.k8s.api.batch.v1.JobList",
            "io.k8s.api.core.v1.PodTemplateSpec",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
            "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Patch")
        .doesNotContain("io.k8s.api.core.v1.Namespace");
    assertThat(core().get("paths").propertyNames())
        .containsExactlyInAnyOrder(
            "/api/v1/namespaces", "/api/v1/namespaces/{name}", "/api/v1/namespaces/{name}/status");
  }

  @Test
  void everyWriteOperationListsFieldValidationItself() {
    // kubectl looks for it on the PATCH operation of the kind, not among the path's parameters;
    // without it kubectl validates on its own against /openapi/v2, which is JSON only here.
    for (JsonNode doc : List.of(batch(), core())) {
      for (Map.Entry<String, JsonNode> op : operations(doc)) {
        String method = op.getKey().substring(op.getKey().lastIndexOf(' ') + 1);
        if (List.of("post", "put", "patch").contains(method)) {
          assertThat(parameterNames(op.getValue()))
              .as(op.getKey())
              .contains("fieldValidation", "dryRun", "fieldManager");
          assertThat(op.getValue().get("parameters"))
              .filteredOn(p -> p.get("name").asString().equals("fieldValidation"))
              .singleElement()
              .satisfies(p -> assertThat(p.get("in").asString()).isEqualTo("query"));
        }
      }
    }
  }

  @Test
  void everyOperationNamesTheKindItActsOn() {
    for (Map.Entry<String, JsonNode> op : operations(batch())) {
      assertThat(op.getValue().get("x-kubernetes-group-version-kind").toString())
          .as(op.getKey())
          .isEqualTo("{\"group\":\"batch\",\"kind\":\"Job\",\"version\":\"v1\"}");
    }
    for (Map.Entry<String, JsonNode> op : operations(core())) {
      assertThat(op.getValue().get("x-kubernetes-group-version-kind").toString())
          .as(op.getKey())
          .isEqualTo("{\"group\":\"\",\"kind\":\"Namespace\",\"version\":\"v1\"}");
    }
  }

  @Test
  void operationsAreThoseOfKubeApiserver() {
    JsonNode paths = batch().get("paths");

    assertThat(operationIds(paths.get(JOBS)))
        .containsExactly(
            "get=listBatchV1NamespacedJob",
            "post=createBatchV1NamespacedJob",
            "delete=deleteBatchV1CollectionNamespacedJob");
    assertThat(operationIds(paths.get(JOB)))
        .containsExactly(
            "get=readBatchV1NamespacedJob",
            "put=replaceBatchV1NamespacedJob",
            "patch=patchBatchV1NamespacedJob",
            "delete=deleteBatchV1NamespacedJob");
    assertThat(operationIds(paths.get(JOB + "/status")))
        .containsExactly(
            "get=readBatchV1NamespacedJobStatus",
            "put=replaceBatchV1NamespacedJobStatus",
            "patch=patchBatchV1NamespacedJobStatus");
    assertThat(operationIds(paths.get("/apis/batch/v1/jobs")))
        .containsExactly("get=listBatchV1JobForAllNamespaces");
    assertThat(operationIds(core().get("paths").get("/api/v1/namespaces/{name}/status")))
        .contains("get=readCoreV1NamespaceStatus");
    assertThat(paths.get(JOBS).get("delete").get("x-kubernetes-action").asString())
        .isEqualTo("deletecollection");
    assertThat(paths.get(JOBS).get("post").get("x-kubernetes-action").asString()).isEqualTo("post");
    assertThat(paths.get(JOB).get("put").get("tags").get(0).asString()).isEqualTo("batch_v1");
  }

  private static List<String> operationIds(JsonNode pathItem) {
    List<String> ids = new ArrayList<>();
    pathItem
        .properties()
        .forEach(
            op -> {
              if (!op.getKey().equals("parameters")) {
                ids.add(op.getKey() + "=" + op.getValue().get("operationId").asString());
              }
            });
    return ids;
  }

  @Test
  void listsTakeTheSelectionPagingAndWatchParameters() {
    JsonNode path = batch().get("paths").get(JOBS);

    assertThat(parameterNames(path)).containsExactly("namespace", "pretty");
    assertThat(parameterNames(path.get("get")))
        .containsExactlyInAnyOrder(
            "allowWatchBookmarks",
            "continue",
            "fieldSelector",
            "labelSelector",
            "limit",
            "resourceVersion",
            "resourceVersionMatch",
            "sendInitialEvents",
            "timeoutSeconds",
            "watch");
    assertThat(path.at("/get/responses/200/content").propertyNames())
        .contains("application/json", "application/json;stream=watch");
    assertThat(path.at("/get/responses/200/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.api.batch.v1.JobList");
    assertThat(parameterNames(path.get("delete")))
        .contains("labelSelector", "fieldSelector", "propagationPolicy", "gracePeriodSeconds");
  }

  @Test
  void deletesTakeThePropagationPolicyAndGracePeriod() {
    JsonNode path = batch().get("paths").get(JOB);

    assertThat(parameterNames(path)).containsExactly("name", "namespace", "pretty");
    assertThat(parameterNames(path.get("delete")))
        .containsExactlyInAnyOrder("dryRun", "gracePeriodSeconds", "propagationPolicy");
    assertThat(path.at("/delete/requestBody/content/*~1*/schema/$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
    assertThat(path.at("/delete/responses/200/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status");
  }

  @Test
  void patchesAcceptTheFourPatchTypes() {
    for (String path : List.of(JOB, JOB + "/status")) {
      JsonNode patch = batch().get("paths").get(path).get("patch");

      assertThat(patch.at("/requestBody/content").propertyNames())
          .as(path)
          .containsExactlyInAnyOrder(
              "application/apply-patch+yaml",
              "application/json-patch+json",
              "application/merge-patch+json",
              "application/strategic-merge-patch+json");
      assertThat(parameterNames(patch)).as(path).contains("force");
    }
  }

  @Test
  void sharedKindsCarryTheirGroupVersionKinds() {
    JsonNode schemas = batch().at("/components/schemas");

    assertThat(
            schemas
                .at("/io.k8s.apimachinery.pkg.apis.meta.v1.Status/x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"\",\"kind\":\"Status\",\"version\":\"v1\"}]");
    assertThat(
            schemas
                .at(
                    "/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions/x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"batch\",\"kind\":\"DeleteOptions\",\"version\":\"v1\"}]");
  }

  @Test
  void discoveryPointsAtEachDocumentByItsHash() throws Exception {
    JsonNode discovery = JSON.readTree(DOCUMENTS.v3Discovery().body());

    assertThat(discovery.get("paths").propertyNames()).containsExactly("api/v1", "apis/batch/v1");
    OpenApiDocuments.Document batch = DOCUMENTS.v3("apis/batch/v1").orElseThrow();
    String expected =
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-512").digest(batch.body()));
    assertThat(batch.hash()).isEqualTo(expected).hasSize(128);
    assertThat(discovery.at("/paths/apis~1batch~1v1/serverRelativeURL").asString())
        .isEqualTo("/openapi/v3/apis/batch/v1?hash=" + expected);
  }

  @Test
  void theSameTypesGiveTheSameBytes() {
    OpenApiDocuments again = OpenApiDocuments.build(ServedTypes.ALL, "v1.32.5");

    assertThat(again.v3Discovery().body()).isEqualTo(DOCUMENTS.v3Discovery().body());
    assertThat(again.v2().hash()).isEqualTo(DOCUMENTS.v2().hash());
  }

  @Test
  void v2IsOneSwaggerDocumentOfEveryGroupVersion() {
    JsonNode doc = v2();

    assertThat(doc.get("swagger").asString()).isEqualTo("2.0");
    assertThat(doc.get("paths").propertyNames()).contains(JOB, "/api/v1/namespaces/{name}");
    assertThat(
            doc.at("/definitions/io.k8s.api.batch.v1.Job/x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"batch\",\"kind\":\"Job\",\"version\":\"v1\"}]");
    assertThat(
            doc.at("/definitions/io.k8s.api.batch.v1.JobSpec/properties/template/$ref").asString())
        .isEqualTo("#/definitions/io.k8s.api.core.v1.PodTemplateSpec");
    JsonNode patch = doc.get("paths").get(JOB).get("patch");
    assertThat(patch.get("consumes")).hasSize(4);
    assertThat(parameterNames(patch)).contains("body", "fieldValidation");
    assertThat(patch.get("parameters"))
        .filteredOn(p -> p.get("name").asString().equals("fieldValidation"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("type").asString()).isEqualTo("string"));
    assertThat(
            doc.at(
                "/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"
                    + "/x-kubernetes-group-version-kind"))
        .hasSize(2);
  }

  @Test
  void groupsAreSpelledAsUpstreamInIdsAndTags() {
    assertThat(ResourceOperations.groupVersionId("", "v1")).isEqualTo("CoreV1");
    assertThat(ResourceOperations.groupVersionId("batch", "v1")).isEqualTo("BatchV1");
    assertThat(ResourceOperations.groupVersionId("coordination.k8s.io", "v1"))
        .isEqualTo("CoordinationV1");
    assertThat(ResourceOperations.groupVersionId("rbac.authorization.k8s.io", "v1beta1"))
        .isEqualTo("RbacAuthorizationV1beta1");
    assertThat(ResourceOperations.tag("", "v1")).isEqualTo("core_v1");
    assertThat(ResourceOperations.tag("rbac.authorization.k8s.io", "v1"))
        .isEqualTo("rbacAuthorization_v1");
  }
}
