package io.batchd.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FieldManagerTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final FieldManager jobs = new FieldManager(Job.class, "batch/v1", "Job", true, clock);

  /** A clock tests move forward, so that entries get different times. */
  private static ObjectNode json(String text) {
    return (ObjectNode) Codecs.JSON.readTree(text.replace('\'', '"'));
  }

  /** A Job configuration with the given spec fields (JSON, single quotes allowed). */
  private static ObjectNode job(String metadata, String spec) {
    return json(
        "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'"
            + (metadata.isEmpty() ? "" : "," + metadata)
            + "},'spec':{"
            + spec
            + "}}");
  }

  private static final String TEMPLATE =
      "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}";

  /** The fieldsV1 of {@code manager}'s entry with {@code operation}, as compact JSON. */
  private static String fieldsOf(JsonNode object, String manager, String operation) {
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      if (entry.path("manager").asString().equals(manager)
          && entry.path("operation").asString().equals(operation)) {
        return Codecs.JSON.writeValueAsString(entry.get("fieldsV1")).replace('"', '\'');
      }
    }
    return null;
  }

  private static String managers(JsonNode object) {
    StringBuilder b = new StringBuilder();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      b.append(entry.path("manager").asString())
          .append('/')
          .append(entry.path("operation").asString());
      if (entry.has("subresource")) {
        b.append('/').append(entry.get("subresource").asString());
      }
      b.append(' ');
    }
    return b.toString().trim();
  }

  private ObjectNode applied(ObjectNode live, ObjectNode config, String manager, boolean force) {
    return jobs.apply(live, config, manager, force, FieldManager.Target.MAIN).object();
  }

  @Test
  void aCreateRecordsAnUpdateEntryForEveryFieldItSets() {
    ObjectNode created =
        job(
            "'labels':{'app':'a'}",
            "'backoffLimit':6,"
                + TEMPLATE.replace("'busybox'", "'busybox','ports':[{'containerPort':80}]"));

    jobs.update(null, created, "kubectl-create", FieldManager.Target.MAIN);

    JsonNode entry = created.path("metadata").path("managedFields").get(0);
    assertThat(entry.path("manager").asString()).isEqualTo("kubectl-create");
    assertThat(entry.path("operation").asString()).isEqualTo("Update");
    assertThat(entry.path("apiVersion").asString()).isEqualTo("batch/v1");
    assertThat(entry.path("fieldsType").asString()).isEqualTo("FieldsV1");
    assertThat(entry.path("time").asString()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(entry.has("subresource")).isFalse();
    // Structs present in the zero object (spec, template) are not members; the labels map, list
    // elements and the ports' key with its defaulted protocol are.
    assertThat(fieldsOf(created, "kubectl-create", "Update"))
        .isEqualTo(
            "{'f:metadata':{'f:labels':{'f:app':{},'.':{}}},'f:spec':{'f:backoffLimit':{},"
                + "'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'f:image':{},"
                + "'f:name':{},'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':"
                + "{'f:containerPort':{},'.':{}},'.':{}},'.':{}}},'f:restartPolicy':{}}}}}");
  }

  @Test
  void applyCreatesOwnsOnlyWhatItSentAndMarksListElements() {
    ObjectNode object =
        applied(null, job("'labels':{'app':'a'}", "'parallelism':2," + TEMPLATE), "ssa", false);

    assertThat(managers(object)).isEqualTo("ssa/Apply");
    assertThat(fieldsOf(object, "ssa", "Apply"))
        .isEqualTo(
            "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:parallelism':{},'f:template':"
                + "{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'f:image':{},"
                + "'f:name':{},'.':{}}},'f:restartPolicy':{}}}}}");
    assertThat(object.path("metadata").path("managedFields").get(0).has("apiVersion")).isTrue();
  }

  @Test
  void applyingAValueAnotherManagerOwnsConflictsWithUpstreamsStatus() {
    ObjectNode created = job("", "'parallelism':1," + TEMPLATE);
    jobs.update(null, created, "kubectl-create", FieldManager.Target.MAIN);

    assertThatThrownBy(() -> applied(created, job("", "'parallelism':2"), "ssa", false))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.reason()).isEqualTo("Conflict");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"kubectl-create\" using"
                          + " batch/v1: .spec.parallelism");
              assertThat(e.details().getCauses()).hasSize(1);
              assertThat(e.details().getCauses().get(0).getReason())
                  .isEqualTo("FieldManagerConflict");
              assertThat(e.details().getCauses().get(0).getField()).isEqualTo(".spec.parallelism");
              assertThat(e.details().getCauses().get(0).getMessage())
                  .isEqualTo("conflict with \"kubectl-create\" using batch/v1");
            });
  }

  @Test
  void severalConflictsAreListedByManager() {
    ObjectNode first =
        applied(null, job("'labels':{'a':'1'}", "'parallelism':1," + TEMPLATE), "one", false);

    assertThatThrownBy(
            () -> applied(first, job("'labels':{'a':'2'}", "'parallelism':2"), "two", false))
        .hasMessage(
            "Apply failed with 2 conflicts: conflicts with \"one\":\n"
                + "- .metadata.labels.a\n"
                + "- .spec.parallelism");
  }

  @Test
  void forceTakesOwnershipFromTheOtherManager() {
    ObjectNode first = applied(null, job("", "'parallelism':1," + TEMPLATE), "one", false);
    clock.advance(Duration.ofSeconds(5));

    ObjectNode second = applied(first, job("", "'parallelism':2"), "two", true);

    assertThat(second.at("/spec/parallelism").asInt()).isEqualTo(2);
    assertThat(fieldsOf(second, "two", "Apply")).isEqualTo("{'f:spec':{'f:parallelism':{}}}");
    assertThat(fieldsOf(second, "one", "Apply")).doesNotContain("parallelism");
    assertThat(managers(second)).isEqualTo("one/Apply two/Apply");
  }

  @Test
  void applyingTheSameValueSharesOwnership() {
    ObjectNode first = applied(null, job("", "'parallelism':1," + TEMPLATE), "one", false);

    ObjectNode second = applied(first, job("", "'parallelism':1"), "two", false);

    assertThat(fieldsOf(second, "one", "Apply")).contains("f:parallelism");
    assertThat(fieldsOf(second, "two", "Apply")).isEqualTo("{'f:spec':{'f:parallelism':{}}}");
  }

  @Test
  void anUpdateTakesTheFieldsItChangesAndEntriesLeftWithNothingAreDropped() {
    ObjectNode first = applied(null, job("", "'parallelism':1"), "one", false);
    ObjectNode changed = first.deepCopy();
    ((ObjectNode) changed.get("spec")).put("parallelism", 3);
    clock.advance(Duration.ofSeconds(1));

    jobs.update(first, changed, "kubectl-edit", FieldManager.Target.MAIN);

    assertThat(managers(changed)).isEqualTo("kubectl-edit/Update");
    assertThat(fieldsOf(changed, "kubectl-edit", "Update"))
        .isEqualTo("{'f:spec':{'f:parallelism':{}}}");
  }

  @Test
  void fieldsTheApplierDropsAreRemovedUnlessAnotherManagerOwnsThem() {
    ObjectNode first =
        applied(null, job("'labels':{'a':'1','b':'2','c':'3'}", TEMPLATE), "one", false);
    ObjectNode shared = applied(first, job("'labels':{'c':'3'}", ""), "two", false);

    ObjectNode second = applied(shared, job("'labels':{'a':'1'}", TEMPLATE), "one", false);

    assertThat(second.at("/metadata/labels").toString()).isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
  }

  @Test
  void fieldsAnUpdaterOwnsAreNotRemovedByAnApplier() {
    ObjectNode first = applied(null, job("'labels':{'a':'1'}", TEMPLATE), "one", false);
    ObjectNode edited = first.deepCopy();
    ((ObjectNode) edited.at("/metadata/labels")).put("a", "edited");
    jobs.update(first, edited, "editor", FieldManager.Target.MAIN);

    ObjectNode second = applied(edited, job("", TEMPLATE), "one", false);

    assertThat(second.at("/metadata/labels/a").asString()).isEqualTo("edited");
  }

  @Test
  void associativeListsMergeByKeyPlacingNewElementsWhereTheConfigurationPutsThem() {
    ObjectNode created =
        job(
            "",
            "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'a','image':'x',"
                + "'env':[{'name':'E1','value':'1'}]},{'name':'b','image':'y'}]}}");
    jobs.update(null, created, "creator", FieldManager.Target.MAIN);

    ObjectNode merged =
        applied(
            created,
            job(
                "",
                "'template':{'spec':{'containers':[{'name':'c','image':'z'},{'name':'a',"
                    + "'env':[{'name':'E2','value':'2'}]}]}}"),
            "ssa",
            false);

    assertThat(merged.at("/spec/template/spec/containers").toString())
        .isEqualTo(
            "[{\"name\":\"c\",\"image\":\"z\"},{\"name\":\"a\",\"image\":\"x\",\"env\":"
                + "[{\"name\":\"E1\",\"value\":\"1\"},{\"name\":\"E2\",\"value\":\"2\"}]},"
                + "{\"name\":\"b\",\"image\":\"y\"}]");
  }

  @Test
  void atomicListsAndStructsAreReplacedWholeAndOwnedWhole() {
    ObjectNode first =
        applied(
            null,
            job(
                "",
                "'selector':{'matchLabels':{'a':'1'}},'template':{'spec':{'restartPolicy':'Never',"
                    + "'containers':[{'name':'c','image':'x','args':['1','2']}]}}"),
            "one",
            false);

    assertThat(fieldsOf(first, "one", "Apply"))
        .contains("'f:selector':{}")
        .contains("'f:args':{}")
        .doesNotContain("matchLabels");
    assertThatThrownBy(
            () ->
                applied(
                    first,
                    job("", "'template':{'spec':{'containers':[{'name':'c','args':['3']}]}}"),
                    "two",
                    false))
        .hasMessageContaining(".spec.template.spec.containers[name=\"c\"].args");
  }

  @Test
  void setsOwnTheirValues() {
    ObjectNode object = applied(null, job("'finalizers':['x/y','a/b']", TEMPLATE), "one", false);

    assertThat(fieldsOf(object, "one", "Apply"))
        .startsWith("{'f:metadata':{'f:finalizers':{'v:\\'a/b\\'':{},'v:\\'x/y\\'':{}}}");
  }

  @Test
  void statusWritesAreRecordedWithTheirSubresourceAndOwnNoSpec() {
    ObjectNode created = job("", "'parallelism':1," + TEMPLATE);
    jobs.update(null, created, "creator", FieldManager.Target.MAIN);

    FieldManager.Applied status =
        jobs.apply(
            created,
            json(
                "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'},'spec':{'parallelism':5},'status':{'active':1}}"),
            "controller",
            false,
            FieldManager.Target.STATUS);

    assertThat(managers(status.object())).isEqualTo("controller/Apply/status creator/Update");
    assertThat(fieldsOf(status.object(), "controller", "Apply"))
        .isEqualTo("{'f:status':{'f:active':{}}}");
  }

  @Test
  void theMainResourceDoesNotOwnStatus() {
    ObjectNode object = job("", TEMPLATE);
    object.putObject("status").put("active", 3);

    jobs.update(null, object, "creator", FieldManager.Target.MAIN);

    assertThat(fieldsOf(object, "creator", "Update")).doesNotContain("status");
  }

  @Test
  void anEmptyListOrOneEmptyEntryResetsManagedFieldsAndNothingIsTrackedAfterwards() {
    ObjectNode created = job("", TEMPLATE);
    jobs.update(null, created, "creator", FieldManager.Target.MAIN);
    for (String reset : new String[] {"[]", "[{}]"}) {
      ObjectNode updated = created.deepCopy();
      ((ObjectNode) updated.get("metadata")).set("managedFields", Codecs.JSON.readTree(reset));
      ((ObjectNode) updated.get("spec")).put("parallelism", 4);

      jobs.update(created, updated, "editor", FieldManager.Target.MAIN);

      assertThat(updated.path("metadata").has("managedFields")).as(reset).isFalse();
    }
  }

  @Test
  void managedFieldsAClientEditsAreKeptAndGarbageFallsBackToTheLiveOnes() {
    ObjectNode created = job("", TEMPLATE);
    jobs.update(null, created, "creator", FieldManager.Target.MAIN);
    ObjectNode renamed = created.deepCopy();
    ((ObjectNode) renamed.at("/metadata/managedFields/0")).put("manager", "renamed");
    jobs.update(created, renamed, "editor", FieldManager.Target.MAIN);
    ObjectNode garbage = created.deepCopy();
    ((ObjectNode) garbage.at("/metadata/managedFields/0")).put("operation", "Nonsense");
    jobs.update(created, garbage, "editor", FieldManager.Target.MAIN);

    assertThat(managers(renamed)).isEqualTo("renamed/Update");
    assertThat(managers(garbage)).isEqualTo("creator/Update");
  }

  @Test
  void fieldsSetBeforeTheFirstApplyBelongToAManagerOfTheirOwn() {
    ObjectNode untracked = job("", "'parallelism':1," + TEMPLATE);

    assertThatThrownBy(() -> applied(untracked, job("", "'parallelism':2"), "ssa", false))
        .hasMessage(
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using batch/v1:"
                + " .spec.parallelism");
  }

  @Test
  void anApplyThatChangesNothingKeepsTheTime() {
    ObjectNode first = applied(null, job("", "'parallelism':1," + TEMPLATE), "one", false);
    clock.advance(Duration.ofMinutes(1));

    FieldManager.Applied again =
        jobs.apply(
            first, job("", "'parallelism':1," + TEMPLATE), "one", false, FieldManager.Target.MAIN);

    assertThat(again.changed()).isFalse();
    assertThat(again.object().at("/metadata/managedFields/0/time").asString())
        .isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void beyondTenUpdateManagersTheOldestMergeIntoAncientChanges() {
    ObjectNode object = job("", TEMPLATE);
    jobs.update(null, object, "m0", FieldManager.Target.MAIN);
    for (int i = 1; i <= 11; i++) {
      clock.advance(Duration.ofSeconds(1));
      ObjectNode next = object.deepCopy();
      ObjectNode meta = (ObjectNode) next.get("metadata");
      ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
      labels.put("l" + i, "v");
      jobs.update(object, next, "m" + i, FieldManager.Target.MAIN);
      object = next;
    }

    assertThat(managers(object))
        .isEqualTo(
            "ancient-changes/Update m3/Update m4/Update m5/Update m6/Update m7/Update"
                + " m8/Update m9/Update m10/Update m11/Update");
  }

  /** An object as kubectl's client-side apply leaves it: annotated, owned by its Update entry. */
  private ObjectNode clientSideApplied(String app) {
    ObjectNode object = job("'labels':{'app':'" + app + "'}", "'parallelism':1," + TEMPLATE);
    ObjectNode annotations = ((ObjectNode) object.get("metadata")).putObject("annotations");
    annotations.put(
        LastAppliedAnnotation.NAME,
        Codecs.JSON.writeValueAsString(
            job("'labels':{'app':'" + app + "'}", "'parallelism':1," + TEMPLATE)));
    jobs.update(null, object, "kubectl-client-side-apply", FieldManager.Target.MAIN);
    return object;
  }

  @Test
  void kubectlMovingToServerSideApplyTakesOverWhatItsAnnotationSaysItApplied() {
    ObjectNode live = clientSideApplied("one");
    ObjectNode config = job("'labels':{'app':'two'}", "'parallelism':1," + TEMPLATE);

    ObjectNode object = applied(live, config, "kubectl", false);

    assertThat(object.at("/metadata/labels/app").asString()).isEqualTo("two");
    assertThat(object.at("/metadata/annotations").get(LastAppliedAnnotation.NAME).asString())
        .as("the annotation follows, with sorted keys")
        .startsWith(
            "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"labels\":{\"app\":\"two\"}");
    assertThatThrownBy(() -> applied(live, config, "someone-else", false))
        .as("only the manager kubectl is bridged")
        .hasMessageContaining("conflict with \"kubectl-client-side-apply\"");
  }

  @Test
  void fieldsChangedSinceTheLastClientSideApplyStillConflict() {
    ObjectNode live = clientSideApplied("one");
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("spec")).put("parallelism", 5);
    jobs.update(live, edited, "kubectl-client-side-apply", FieldManager.Target.MAIN);

    assertThatThrownBy(
            () ->
                applied(
                    edited,
                    job("'labels':{'app':'two'}", "'parallelism':2," + TEMPLATE),
                    "kubectl",
                    false))
        .hasMessage(
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using"
                + " batch/v1: .spec.parallelism");
  }

  @Test
  void configurationsThatDoNotFitAreBadRequests() {
    record Case(String config, String message) {}
    for (Case c :
        new Case[] {
          new Case(
              "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'},'spec':{'nope':1}}",
              "failed to create typed patch object (/j; batch/v1, Kind=Job): .spec.nope: field not"
                  + " declared in schema"),
          new Case(
              "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'},'spec':{'template':"
                  + "{'spec':{'containers':[{'image':'x'}]}}}}",
              "failed to create typed patch object (/j; batch/v1, Kind=Job):"
                  + " .spec.template.spec.containers: element 0: associative list with keys has an"
                  + " element that omits key field \"name\" (and doesn't have default value)"),
          new Case(
              "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'},'spec':{'template':"
                  + "{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}",
              "failed to create typed patch object (/j; batch/v1, Kind=Job):"
                  + " .spec.template.spec.containers: duplicate entries for key [name=\"a\"]"),
          new Case(
              "{'apiVersion':'batch/v1','kind':'CronJob','metadata':{'name':'j'}}",
              "invalid object type: batch/v1, Kind=CronJob"),
          new Case("{'metadata':{'name':'j'}}", "invalid object type: /, Kind="),
          new Case(
              "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j','managedFields':[]}}",
              "metadata.managedFields must be nil"),
        }) {
      assertThatThrownBy(() -> applied(null, json(c.config()), "m", false))
          .as(c.config())
          .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
          .hasMessage(c.message());
    }
  }

  @Test
  void otherTypesUseTheirOwnSchemaAndVersion() {
    FieldManager namespaces = new FieldManager(Namespace.class, "v1", "Namespace", true, clock);

    ObjectNode ns =
        namespaces
            .apply(
                null,
                json(
                    "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'n','labels':{'a':'b'}}}"),
                "m",
                false,
                FieldManager.Target.MAIN)
            .object();

    assertThat(ns.at("/metadata/managedFields/0/apiVersion").asString()).isEqualTo("v1");
    assertThat(fieldsOf(ns, "m", "Apply")).isEqualTo("{'f:metadata':{'f:labels':{'f:a':{}}}}");
  }
}
