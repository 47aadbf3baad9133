package io.batchd.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.errors.StatusException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing, escaping and matching {@code ?fieldSelector=}, and refusing unsupported fields. */
class FieldSelectorTest {
  private static final Set<String> JOB_FIELDS =
      Set.of("metadata.name", "metadata.namespace", "status.successful");

  private static FieldRequirement eq(String field, String value) {
    return new FieldRequirement(field, FieldOperator.EQUALS, value);
  }

  private static FieldRequirement ne(String field, String value) {
    return new FieldRequirement(field, FieldOperator.NOT_EQUALS, value);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("", List.of(), ""),
        Arguments.of(null, List.of(), ""),
        Arguments.of("a=b", List.of(eq("a", "b")), "a=b"),
        Arguments.of("a==b", List.of(eq("a", "b")), "a=b"),
        Arguments.of("a!=b", List.of(ne("a", "b")), "a!=b"),
        Arguments.of("a=", List.of(eq("a", "")), "a="),
        Arguments.of("a==", List.of(eq("a", "")), "a="),
        Arguments.of("=b", List.of(eq("", "b")), "=b"),
        // Sorted by the text of each term.
        Arguments.of("b=1,a=2", List.of(eq("a", "2"), eq("b", "1")), "a=2,b=1"),
        Arguments.of("a=2,a!=1", List.of(ne("a", "1"), eq("a", "2")), "a!=1,a=2"),
        // Empty terms, and terms with neither field nor value, are dropped.
        Arguments.of("a=b,,c=d", List.of(eq("a", "b"), eq("c", "d")), "a=b,c=d"),
        Arguments.of(",", List.of(), ""),
        Arguments.of("=", List.of(), ""),
        Arguments.of("!=", List.of(), ""),
        Arguments.of("=,a=b", List.of(eq("a", "b")), "a=b"),
        // Escapes in values.
        Arguments.of("a=x\\,y", List.of(eq("a", "x,y")), "a=x\\,y"),
        Arguments.of("a=x\\=y", List.of(eq("a", "x=y")), "a=x\\=y"),
        Arguments.of("a=x\\\\y", List.of(eq("a", "x\\y")), "a=x\\\\y"),
        Arguments.of("a=\\,,b=\\=", List.of(eq("a", ","), eq("b", "=")), "a=\\,,b=\\="),
        // Nothing is trimmed.
        Arguments.of("a = b", List.of(eq("a ", " b")), "a = b"),
        Arguments.of(
            "metadata.name=pi,status.successful!=0",
            List.of(eq("metadata.name", "pi"), ne("status.successful", "0")),
            "metadata.name=pi,status.successful!=0"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("valid")
  void parsesAsUpstream(String selector, List<FieldRequirement> terms, String canonical) {
    FieldSelector parsed = FieldSelector.parse(selector);
    assertThat(parsed.requirements()).containsExactlyElementsOf(terms);
    assertThat(parsed.toString()).isEqualTo(canonical);
    assertThat(parsed.isEverything()).isEqualTo(terms.isEmpty());
    assertThat(FieldSelector.parse(canonical)).isEqualTo(parsed);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("a", "invalid selector: 'a'; can't understand 'a'"),
        Arguments.of("a~b", "invalid selector: 'a~b'; can't understand 'a~b'"),
        Arguments.of("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
        Arguments.of("a in (b)", "invalid selector: 'a in (b)'; can't understand 'a in (b)'"),
        Arguments.of("a>1", "invalid selector: 'a>1'; can't understand 'a>1'"),
        Arguments.of("a=b=c", "invalid field selector: unescaped character in value: 61"),
        Arguments.of("a!==b", "invalid field selector: unescaped character in value: 61"),
        // The field takes no escapes: the first '=' splits, leaving '=' in the value.
        Arguments.of("a\\=b=c", "invalid field selector: unescaped character in value: 61"),
        Arguments.of("a=b\\", "invalid field selector: invalid escape sequence: \\"),
        Arguments.of("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
        Arguments.of("a=\\n", "invalid field selector: invalid escape sequence: \\n"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("invalid")
  void refusesWithUpstreamMessage(String selector, String message) {
    assertBadRequest(() -> FieldSelector.parse(selector), message);
  }

  @Test
  void escapesAndUnescapesValues() {
    assertThat(FieldSelector.escapeValue("a\\b,c=d")).isEqualTo("a\\\\b\\,c\\=d");
    assertThat(FieldSelector.escapeValue("plain")).isEqualTo("plain");
    assertThat(FieldSelector.unescapeValue("a\\\\b\\,c\\=d")).isEqualTo("a\\b,c=d");
    String odd = "\\,=\\\\==,, é";
    assertThat(FieldSelector.unescapeValue(FieldSelector.escapeValue(odd))).isEqualTo(odd);
    assertBadRequest(
        () -> FieldSelector.unescapeValue("a,b"),
        "invalid field selector: unescaped character in value: 44");
  }

  @Test
  void anEscapedValueSurvivesTheCanonicalForm() {
    FieldSelector s = FieldSelector.parse("metadata.name=" + FieldSelector.escapeValue("a,b=c\\"));
    assertThat(s.requirements()).containsExactly(eq("metadata.name", "a,b=c\\"));
    assertThat(s.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\");
  }

  static Stream<Arguments> matching() {
    Map<String, String> pi = Map.of("metadata.name", "pi", "status.successful", "1");
    return Stream.of(
        Arguments.of("", pi, true),
        Arguments.of("metadata.name=pi", pi, true),
        Arguments.of("metadata.name==pi", pi, true),
        Arguments.of("metadata.name=other", pi, false),
        Arguments.of("metadata.name!=pi", pi, false),
        Arguments.of("metadata.name!=other", pi, true),
        Arguments.of("metadata.name=pi,status.successful=1", pi, true),
        Arguments.of("metadata.name=pi,status.successful=0", pi, false),
        // A field the object lacks reads as "".
        Arguments.of("spec.x=", pi, true),
        Arguments.of("spec.x=y", pi, false),
        Arguments.of("spec.x!=y", pi, true));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {2}")
  @MethodSource("matching")
  void matchesAsUpstream(String selector, Map<String, String> fields, boolean expected) {
    FieldSelector s = FieldSelector.parse(selector);
    assertThat(s.matches(fields)).isEqualTo(expected);
    assertThat(s.matches(fields::get)).isEqualTo(expected);
  }

  @Test
  void reportsTheValueAnEqualityRequires() {
    FieldSelector s = FieldSelector.parse("metadata.namespace!=x,metadata.name==pi");
    assertThat(s.requiresExactMatch("metadata.name")).contains("pi");
    assertThat(s.requiresExactMatch("metadata.namespace")).isEmpty();
    assertThat(s.requiresExactMatch("status.successful")).isEmpty();
  }

  @Test
  void refusesUnsupportedFieldsInBatchV1Wording() {
    FieldSelector s = FieldSelector.parse("spec.foo=1,metadata.name=x");
    assertBadRequest(
        () -> s.requireSupported(JOB_FIELDS, "batchv1.Job"),
        "field label \"spec.foo\" not supported for batchv1.Job");
    assertThatCode(
            () ->
                FieldSelector.parse("metadata.name=x,status.successful!=0")
                    .requireSupported(JOB_FIELDS, "batchv1.Job"))
        .doesNotThrowAnyException();
  }

  @Test
  void reportsTheFirstUnsupportedFieldInSortedOrder() {
    FieldSelector s = FieldSelector.parse("z.field=1,y.field=2");
    assertBadRequest(
        () -> s.requireSupported(JOB_FIELDS, "batchv1.Job"),
        "field label \"y.field\" not supported for batchv1.Job");
  }

  @Test
  void refusesUnsupportedFieldsInCoreWording() {
    assertBadRequest(
        () -> FieldSelector.parse("spec.foo=1").requireSupported(Set.of("metadata.name")),
        "field label not supported: spec.foo");
    assertThatCode(
            () -> FieldSelector.parse("metadata.name=a").requireSupported(Set.of("metadata.name")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAllButMetadataInDefaultWording() {
    assertBadRequest(
        () -> FieldSelector.parse("spec.foo=1").requireMetadataOnly(),
        "\"spec.foo\" is not a known field selector: only \"metadata.name\","
            + " \"metadata.namespace\"");
    assertThatCode(
            () ->
                FieldSelector.parse("metadata.name=a,metadata.namespace!=b").requireMetadataOnly())
        .doesNotThrowAnyException();
  }

  @Test
  void anEmptyFieldNameIsUnsupportedToo() {
    assertBadRequest(
        () -> FieldSelector.parse("=x").requireSupported(JOB_FIELDS, "batchv1.Job"),
        "field label \"\" not supported for batchv1.Job");
  }

  private static void assertBadRequest(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }
}
