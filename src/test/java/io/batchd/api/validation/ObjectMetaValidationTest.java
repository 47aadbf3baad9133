package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
  private static final FieldPath META = FieldPath.of("metadata");

  private static List<String> create(ObjectMeta m) {
    return ObjectMetaValidation.validateCreate(m, true, DnsNames::nameIsDnsSubdomain, META).stream()
        .map(FieldError::message)
        .toList();
  }

  private static ObjectMeta valid() {
    return new ObjectMetaBuilder().withName("a").withNamespace("ns").build();
  }

  @Test
  void aValidMetaPasses() {
    assertThat(create(valid())).isEmpty();
  }

  @Test
  void generateNameMayEndWithADash() {
    ObjectMeta m = valid();
    m.setGenerateName("job-");
    assertThat(create(m)).isEmpty();
  }

  @Test
  void namespacesAreDnsLabels() {
    ObjectMeta m = valid();
    m.setNamespace("a.b");
    assertThat(create(m))
        .containsExactly("metadata.namespace: Invalid value: \"a.b\": must not contain dots");
  }

  @Test
  void annotationKeysAreCaseInsensitiveQualifiedNames() {
    ObjectMeta m = valid();
    m.setAnnotations(Map.of("Example.COM/Note", "x"));
    assertThat(create(m)).isEmpty();
    m.setAnnotations(Map.of("bad key", "x"));
    assertThat(create(m)).hasSize(1);
  }

  @Test
  void annotationsAreAtMost256KiB() {
    ObjectMeta m = valid();
    m.setAnnotations(Map.of("big", "x".repeat(256 * 1024)));
    assertThat(create(m))
        .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
  }

  @Test
  void unqualifiedFinalizersMustBeKubernetesOwn() {
    ObjectMeta m = valid();
    m.setFinalizers(List.of("orphan", "example.com/cleanup", "cleanup"));
    assertThat(create(m))
        .containsExactly(
            "metadata.finalizers[2]: Invalid value: \"cleanup\": name is neither a standard"
                + " finalizer name nor is it fully qualified");
  }

  @Test
  void orphanAndForegroundExcludeEachOther() {
    ObjectMeta m = valid();
    m.setFinalizers(List.of("orphan", "foregroundDeletion"));
    assertThat(create(m))
        .containsExactly(
            "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}:"
                + " finalizer orphan and foregroundDeletion cannot be both set");
  }

  @Test
  void onlyOneOwnerIsTheController() {
    ObjectMeta m = valid();
    OwnerReference a = new OwnerReference("v1", true, true, "Pod", "a", "u1");
    OwnerReference b = new OwnerReference("v1", true, true, "Pod", "b", "u2");
    m.setOwnerReferences(List.of(a, b));
    assertThat(create(m)).hasSize(1);
    assertThat(create(m).get(0))
        .endsWith(
            "Only one reference can have Controller set to true. Found \"true\" in references for"
                + " Pod/a and Pod/b");
  }

  @Test
  void updatesKeepIdentity() {
    ObjectMeta old = valid();
    old.setUid("u1");
    old.setResourceVersion("3");
    old.setGeneration(2L);
    ObjectMeta n =
        new ObjectMetaBuilder(old).withName("b").withUid("u2").withGeneration(1L).build();
    assertThat(ObjectMetaValidation.validateUpdate(n, old, META))
        .extracting(FieldError::message)
        .containsExactly(
            "metadata.generation: Invalid value: 1: must not be decremented",
            "metadata.name: Invalid value: \"b\": field is immutable",
            "metadata.uid: Invalid value: \"u2\": field is immutable");
  }

  @Test
  void aDeletedObjectGetsNoNewFinalizers() {
    ObjectMeta old = valid();
    old.setResourceVersion("3");
    old.setDeletionTimestamp("2024-05-01T10:00:00Z");
    ObjectMeta n = new ObjectMetaBuilder(old).withFinalizers("example.com/x").build();
    assertThat(ObjectMetaValidation.validateUpdate(n, old, META))
        .extracting(FieldError::message)
        .containsExactly(
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being"
                + " deleted, found new finalizers []string{\"example.com/x\"}");
  }
}
