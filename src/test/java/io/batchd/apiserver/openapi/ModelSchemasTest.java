package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ModelSchemasTest {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final String BATCH = "io.k8s.api.batch.v1.";

  private static SortedMap<String, ObjectNode> definitionsOfJob(SchemaDialect dialect) {
    ModelSchemas schemas = new ModelSchemas(dialect);
    schemas.define(Job.class);
    return schemas.definitions();
  }

  private static JsonNode property(
      SortedMap<String, ObjectNode> definitions, String definition, String property) {
    assertThat(definitions).containsKey(definition);
    JsonNode schema = definitions.get(definition).path("properties").path(property);
    assertThat(schema.isMissingNode()).as(definition + "." + property).isFalse();
    return schema;
  }

  /** The definition a property points at, through a plain $ref or upstream's one-entry allOf. */
  private static String target(JsonNode schema) {
    JsonNode ref = schema.has("allOf") ? schema.get("allOf").get(0) : schema;
    return ref.get("$ref").asString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  @Test
  void definitionsAreNamedAsUpstream() {
    assertThat(SchemaNames.of(Job.class)).isEqualTo(BATCH + "Job");
    assertThat(SchemaNames.of(io.fabric8.kubernetes.api.model.PodTemplateSpec.class))
        .isEqualTo(CORE + "PodTemplateSpec");
    assertThat(SchemaNames.of(io.fabric8.kubernetes.api.model.ObjectMeta.class))
        .isEqualTo(META + "ObjectMeta");
    assertThat(SchemaNames.of(io.fabric8.kubernetes.api.model.LabelSelector.class))
        .isEqualTo(META + "LabelSelector");
    assertThat(SchemaNames.of(io.fabric8.kubernetes.api.model.Quantity.class))
        .isEqualTo("io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(SchemaNames.of(io.fabric8.kubernetes.api.model.IntOrString.class))
        .isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  }

  @Test
  void jobSpecTemplateRefersToPodTemplateSpec() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    assertThat(target(property(definitions, BATCH + "Job", "spec")))
        .isEqualTo("#/components/schemas/" + BATCH + "JobSpec");
    assertThat(target(property(definitions, BATCH + "JobSpec", "template")))
        .isEqualTo("#/components/schemas/" + CORE + "PodTemplateSpec");
    assertThat(target(property(definitions, CORE + "PodTemplateSpec", "spec")))
        .isEqualTo("#/components/schemas/" + CORE + "PodSpec");
    assertThat(property(definitions, BATCH + "JobSpec", "completions").toString())
        .isEqualTo("{\"format\":\"int32\",\"type\":\"integer\"}");
    assertThat(
            property(definitions, BATCH + "JobSpec", "activeDeadlineSeconds")
                .get("format")
                .asString())
        .isEqualTo("int64");
  }

  @Test
  void referencesPointIntoTheDialectsSection() {
    SortedMap<String, ObjectNode> v2 = definitionsOfJob(SchemaDialect.V2);

    assertThat(target(property(v2, BATCH + "JobSpec", "template")))
        .isEqualTo("#/definitions/" + CORE + "PodTemplateSpec");
  }

  @Test
  void intOrStringIsAnIntegerOrAString() {
    String name = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    SortedMap<String, ObjectNode> v3 = definitionsOfJob(SchemaDialect.V3);
    SortedMap<String, ObjectNode> v2 = definitionsOfJob(SchemaDialect.V2);

    assertThat(target(property(v3, CORE + "HTTPGetAction", "port")))
        .isEqualTo("#/components/schemas/" + name);
    ObjectNode v3Schema = v3.get(name);
    assertThat(v3Schema.get("format").asString()).isEqualTo("int-or-string");
    assertThat(v3Schema.get("x-kubernetes-int-or-string").asBoolean()).isTrue();
    assertThat(v3Schema.get("oneOf").toString())
        .isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
    // No type in v3, so that kubectl's explain names the field's type IntOrString.
    assertThat(v3Schema.has("type")).isFalse();
    assertThat(v2.get(name).get("type").asString()).isEqualTo("string");
    assertThat(v2.get(name).get("format").asString()).isEqualTo("int-or-string");
  }

  @Test
  void quantityIsAStringOrANumberWithoutFormat() {
    String name = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    SortedMap<String, ObjectNode> v3 = definitionsOfJob(SchemaDialect.V3);
    SortedMap<String, ObjectNode> v2 = definitionsOfJob(SchemaDialect.V2);

    JsonNode limits = property(v3, CORE + "ResourceRequirements", "limits");
    assertThat(limits.get("type").asString()).isEqualTo("object");
    assertThat(target(limits.get("additionalProperties")))
        .isEqualTo("#/components/schemas/" + name);
    assertThat(v3.get(name).get("oneOf").toString())
        .isEqualTo("[{\"type\":\"string\"},{\"type\":\"number\"}]");
    assertThat(v3.get(name).has("format")).isFalse();
    assertThat(v2.get(name).get("type").asString()).isEqualTo("string");
    assertThat(v2.get(name).has("format")).isFalse();
  }

  @Test
  void timesAreDateTimeStrings() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);
    String time = "#/components/schemas/" + META + "Time";

    assertThat(target(property(definitions, META + "ObjectMeta", "creationTimestamp")))
        .isEqualTo(time);
    assertThat(target(property(definitions, BATCH + "JobStatus", "startTime"))).isEqualTo(time);
    assertThat(target(property(definitions, BATCH + "JobCondition", "lastTransitionTime")))
        .isEqualTo(time);
    assertThat(target(property(definitions, META + "ManagedFieldsEntry", "time"))).isEqualTo(time);
    assertThat(definitions.get(META + "Time").get("type").asString()).isEqualTo("string");
    assertThat(definitions.get(META + "Time").get("format").asString()).isEqualTo("date-time");
    assertThat(property(definitions, META + "ObjectMeta", "name").get("type").asString())
        .isEqualTo("string");
  }

  @Test
  void mapsAndArraysDescribeTheirElements() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    JsonNode labels = property(definitions, META + "ObjectMeta", "labels");
    assertThat(labels.toString())
        .isEqualTo("{\"additionalProperties\":{\"type\":\"string\"},\"type\":\"object\"}");
    JsonNode command = property(definitions, CORE + "Container", "command");
    assertThat(command.toString())
        .isEqualTo("{\"items\":{\"type\":\"string\"},\"type\":\"array\"}");
    JsonNode conditions = property(definitions, BATCH + "JobStatus", "conditions");
    assertThat(conditions.get("type").asString()).isEqualTo("array");
    assertThat(target(conditions.get("items")))
        .isEqualTo("#/components/schemas/" + BATCH + "JobCondition");
  }

  @Test
  void containersMergeByName() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
      JsonNode schema = property(definitions, CORE + "PodSpec", list);
      assertThat(schema.get("x-kubernetes-patch-merge-key").asString()).as(list).isEqualTo("name");
      assertThat(schema.get("x-kubernetes-patch-strategy").asString()).as(list).isEqualTo("merge");
      assertThat(schema.get("x-kubernetes-list-type").asString()).as(list).isEqualTo("map");
      assertThat(strings(schema.get("x-kubernetes-list-map-keys")))
          .as(list)
          .containsExactly("name");
    }
  }

  @Test
  void otherKeyedListsMergeByUpstreamsKeys() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    assertThat(mergeKey(definitions, CORE + "Container", "env")).isEqualTo("name");
    assertThat(mergeKey(definitions, CORE + "Container", "volumeMounts")).isEqualTo("mountPath");
    assertThat(mergeKey(definitions, CORE + "Container", "ports")).isEqualTo("containerPort");
    assertThat(
            strings(
                property(definitions, CORE + "Container", "ports")
                    .get("x-kubernetes-list-map-keys")))
        .containsExactly("containerPort", "protocol");
    assertThat(mergeKey(definitions, CORE + "PodSpec", "volumes")).isEqualTo("name");
    assertThat(
            property(definitions, CORE + "PodSpec", "volumes")
                .get("x-kubernetes-patch-strategy")
                .asString())
        .isEqualTo("merge,retainKeys");
    assertThat(mergeKey(definitions, META + "ObjectMeta", "ownerReferences")).isEqualTo("uid");
    JsonNode conditions = property(definitions, BATCH + "JobStatus", "conditions");
    assertThat(conditions.get("x-kubernetes-patch-merge-key").asString()).isEqualTo("type");
    assertThat(conditions.get("x-kubernetes-list-type").asString()).isEqualTo("atomic");
  }

  @Test
  void finalizersMergeAsASet() {
    JsonNode finalizers =
        property(definitionsOfJob(SchemaDialect.V3), META + "ObjectMeta", "finalizers");

    assertThat(finalizers.get("x-kubernetes-list-type").asString()).isEqualTo("set");
    assertThat(finalizers.get("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    assertThat(finalizers.has("x-kubernetes-patch-merge-key")).isFalse();
  }

  @Test
  void listsUpstreamReplacesCarryNoMergeKey() {
    JsonNode command = property(definitionsOfJob(SchemaDialect.V3), CORE + "Container", "command");

    assertThat(command.has("x-kubernetes-patch-merge-key")).isFalse();
    assertThat(command.has("x-kubernetes-patch-strategy")).isFalse();
  }

  private static String mergeKey(
      SortedMap<String, ObjectNode> definitions, String definition, String property) {
    return property(definitions, definition, property)
        .get("x-kubernetes-patch-merge-key")
        .asString();
  }

  @Test
  void kindsCarryTheirGroupVersionKind() {
    ModelSchemas schemas = new ModelSchemas(SchemaDialect.V3);
    schemas.markKind(Job.class, new Gvk("batch", "v1", "Job"), "a job");
    schemas.markKind(JobList.class, new Gvk("batch", "v1", "JobList"), "jobs");
    schemas.markKind(Namespace.class, new Gvk("", "v1", "Namespace"), "a namespace");

    assertThat(
            schemas
                .definitions()
                .get(BATCH + "Job")
                .get("x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"batch\",\"kind\":\"Job\",\"version\":\"v1\"}]");
    assertThat(
            schemas
                .definitions()
                .get(BATCH + "JobList")
                .get("x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"batch\",\"kind\":\"JobList\",\"version\":\"v1\"}]");
    // The core group is named, empty, as kubectl compares the whole map.
    assertThat(
            schemas
                .definitions()
                .get(CORE + "Namespace")
                .get("x-kubernetes-group-version-kind")
                .toString())
        .isEqualTo("[{\"group\":\"\",\"kind\":\"Namespace\",\"version\":\"v1\"}]");
    assertThat(schemas.definitions().get(BATCH + "JobSpec").has("x-kubernetes-group-version-kind"))
        .isFalse();
  }

  @Test
  void requiredFieldsAreUpstreamsWithoutKindOrApiVersion() {
    ModelSchemas schemas = new ModelSchemas(SchemaDialect.V3);
    schemas.define(Job.class);
    schemas.define(JobList.class);
    SortedMap<String, ObjectNode> definitions = schemas.definitions();

    assertThat(definitions.get(BATCH + "Job").has("required")).isFalse();
    assertThat(strings(definitions.get(BATCH + "JobSpec").get("required")))
        .containsExactly("template");
    assertThat(strings(definitions.get(CORE + "PodSpec").get("required")))
        .containsExactly("containers");
    assertThat(strings(definitions.get(CORE + "Container").get("required")))
        .containsExactly("name");
    assertThat(strings(definitions.get(BATCH + "JobList").get("required")))
        .containsExactly("items");
  }

  @Test
  void fieldsTheRegistryRefusesAreLeftOut() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    assertThat(definitions.get(BATCH + "JobSpec").get("properties").has("scheduling")).isFalse();
    assertThat(definitions.get(BATCH + "JobSpec").get("properties").has("parallelism")).isTrue();
  }

  @Test
  void fabric8sCatchAllPropertiesAreNotFields() {
    SortedMap<String, ObjectNode> definitions = definitionsOfJob(SchemaDialect.V3);

    assertThat(definitions)
        .allSatisfy(
            (name, schema) ->
                assertThat(schema.path("properties").has("additionalProperties"))
                    .as(name)
                    .isFalse());
  }
}
