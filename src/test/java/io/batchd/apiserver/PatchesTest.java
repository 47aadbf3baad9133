package io.batchd.apiserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PatchesTest {
  private static final JsonNode JOB =
      Codecs.JSON.readTree(
          """
          {"metadata":{"name":"j","labels":{"a":"1"},"finalizers":["x"]},
           "spec":{"parallelism":1,"template":{"spec":{"containers":[
             {"name":"main","image":"busybox","env":[{"name":"A","value":"1"}]},
             {"name":"side","image":"alpine"}]}}}}
          """);

  private static JsonNode apply(
      String type, String patch, FieldValidation v, List<String> warnings) {
    return Patches.apply(type, patch.getBytes(UTF_8), JOB.deepCopy(), v, warnings);
  }

  private static JsonNode apply(String type, String patch) {
    return apply(type, patch, FieldValidation.STRICT, new ArrayList<>());
  }

  @Test
  void mergePatchMergesObjectsAndNullDeletes() {
    JsonNode out =
        apply(
            MediaTypes.MERGE_PATCH,
            "{\"metadata\":{\"labels\":{\"a\":null,\"b\":\"2\"}},\"spec\":{\"parallelism\":3}}");

    assertThat(out.at("/metadata/labels").toString()).isEqualTo("{\"b\":\"2\"}");
    assertThat(out.at("/spec/parallelism").asInt()).isEqualTo(3);
    assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(2);
  }

  @Test
  void aJsonPatchListSentAsMergePatchIsRefusedUnderStrictAndANoOpOtherwise() {
    String list = "[{\"op\":\"replace\",\"path\":\"/spec/parallelism\",\"value\":5}]";

    assertThatThrownBy(() -> apply(MediaTypes.MERGE_PATCH, list))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("application/json-patch+json");
    List<String> warnings = new ArrayList<>();
    assertThat(apply(MediaTypes.MERGE_PATCH, list, FieldValidation.WARN, warnings)).isEqualTo(JOB);
    assertThat(warnings).singleElement().asString().contains("changed nothing");
    List<String> none = new ArrayList<>();
    assertThat(apply(MediaTypes.MERGE_PATCH, list, FieldValidation.IGNORE, none)).isEqualTo(JOB);
    assertThat(none).isEmpty();
  }

  @Test
  void jsonPatchAppliesOperationsAndReportsFailuresAs422() {
    JsonNode out =
        apply(
            MediaTypes.JSON_PATCH,
            "[{\"op\":\"replace\",\"path\":\"/spec/parallelism\",\"value\":4}]");
    assertThat(out.at("/spec/parallelism").asInt()).isEqualTo(4);

    assertThatThrownBy(
            () -> apply(MediaTypes.JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/spec/nothing\"}]"))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(422));
    assertThatThrownBy(() -> apply(MediaTypes.JSON_PATCH, "{\"op\":\"add\"}"))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void strategicMergeMergesContainersAndEnvByName() {
    JsonNode out =
        apply(
            MediaTypes.STRATEGIC_MERGE_PATCH,
            """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"main","env":[{"name":"B","value":"2"}]},
              {"name":"new","image":"x"}]}}}}
            """);

    JsonNode containers = out.at("/spec/template/spec/containers");
    assertThat(containers.size()).isEqualTo(3);
    assertThat(containers.get(0).at("/image").asString()).isEqualTo("busybox");
    assertThat(containers.get(0).at("/env").toString())
        .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]");
    assertThat(containers.get(2).at("/name").asString()).isEqualTo("new");
  }

  @Test
  void strategicMergeDirectivesDeleteAndReplace() {
    JsonNode deleted =
        apply(
            MediaTypes.STRATEGIC_MERGE_PATCH,
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}");
    assertThat(deleted.at("/spec/template/spec/containers").size()).isEqualTo(1);

    JsonNode replaced =
        apply(
            MediaTypes.STRATEGIC_MERGE_PATCH,
            "{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"z\":\"9\"}}}");
    assertThat(replaced.at("/metadata/labels").toString()).isEqualTo("{\"z\":\"9\"}");

    JsonNode finalizers =
        apply(
            MediaTypes.STRATEGIC_MERGE_PATCH,
            "{\"metadata\":{\"finalizers\":[\"y\"],\"$deleteFromPrimitiveList/finalizers\":[\"x\"]}}");
    assertThat(finalizers.at("/metadata/finalizers").toString()).isEqualTo("[\"y\"]");
  }

  @Test
  void unknownPatchTypesAre415NamingTheSupportedOnes() {
    assertThatThrownBy(() -> apply("text/plain", "{}"))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(415))
        .hasMessage(
            "the patch type \"text/plain\" is not supported: use application/json-patch+json,"
                + " application/merge-patch+json, application/strategic-merge-patch+json or"
                + " application/apply-patch+yaml");
  }
}
