package io.batchd.api.selectors;

import static io.batchd.api.selectors.UpstreamMessages.LABEL_VALUE;
import static io.batchd.api.selectors.UpstreamMessages.NAME_PART;
import static io.batchd.api.selectors.UpstreamMessages.OPERATORS;
import static io.batchd.api.selectors.UpstreamMessages.PREFIX_PART_DNS;
import static io.batchd.api.selectors.UpstreamMessages.TOO_MANY_SLASHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.errors.StatusException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing {@code ?labelSelector=}: what upstream accepts, its canonical form, its errors. */
class LabelSelectionParseTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("", ""),
        Arguments.of(" \t\r\n", ""),
        Arguments.of("a=b", "a=b"),
        Arguments.of("a==b", "a==b"),
        Arguments.of("a!=b", "a!=b"),
        Arguments.of("a in (x,y)", "a in (x,y)"),
        Arguments.of("a in (y,x,y)", "a in (x,y)"),
        Arguments.of("a notin (x,y)", "a notin (x,y)"),
        Arguments.of("a in(x)", "a in (x)"),
        Arguments.of("a", "a"),
        Arguments.of("!a", "!a"),
        Arguments.of("! a", "!a"),
        Arguments.of("a>1", "a>1"),
        Arguments.of("a<10", "a<10"),
        Arguments.of("a=", "a="),
        Arguments.of("a!=", "a!="),
        Arguments.of("a=b,c=d", "a=b,c=d"),
        Arguments.of("c=d,a=b", "a=b,c=d"),
        Arguments.of(" a = b , c in ( x , y ) , ! d ", "a=b,c in (x,y),!d"),
        Arguments.of("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        Arguments.of("x in (,a)", "x in (,a)"),
        Arguments.of("x in (a,)", "x in (,a)"),
        Arguments.of("x in (,)", "x in ()"),
        Arguments.of("a in (in,notin)", "a in (in,notin)"),
        Arguments.of("a=in", "a=in"),
        Arguments.of("in", "in"),
        Arguments.of("!notin", "!notin"),
        Arguments.of("example.com/app=web", "example.com/app=web"),
        Arguments.of(
            "app.kubernetes.io/name in (a-b,c.d,e_f)", "app.kubernetes.io/name in (a-b,c.d,e_f)"),
        // Equal keys keep the order written.
        Arguments.of("a!=x,a", "a!=x,a"),
        Arguments.of("a,a!=x", "a,a!=x"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
  @MethodSource("valid")
  void parsesToCanonicalForm(String selector, String canonical) {
    LabelSelection parsed = LabelSelection.parse(selector);
    assertThat(parsed.toString()).isEqualTo(canonical);
    // The canonical form is itself a selector that parses to the same thing.
    assertThat(LabelSelection.parse(canonical)).isEqualTo(parsed);
  }

  @Test
  void parsesEachOperatorIntoItsRequirement() {
    assertThat(LabelSelection.parse("k=v").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.EQUALS, List.of("v")));
    assertThat(LabelSelection.parse("k==v").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.DOUBLE_EQUALS, List.of("v")));
    assertThat(LabelSelection.parse("k!=v").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.NOT_EQUALS, List.of("v")));
    assertThat(LabelSelection.parse("k in (b,a)").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.IN, List.of("a", "b")));
    assertThat(LabelSelection.parse("k notin (a)").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.NOT_IN, List.of("a")));
    assertThat(LabelSelection.parse("k").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.EXISTS, List.of()));
    assertThat(LabelSelection.parse("!k").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.DOES_NOT_EXIST, List.of()));
    assertThat(LabelSelection.parse("k>1").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.GREATER_THAN, List.of("1")));
    assertThat(LabelSelection.parse("k<1").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.LESS_THAN, List.of("1")));
    assertThat(LabelSelection.parse("k in ()").requirements())
        .containsExactly(new LabelRequirement("k", LabelOperator.IN, List.of("")));
  }

  @Test
  void emptyAndNullSelectEverything() {
    assertThat(LabelSelection.parse("").isEverything()).isTrue();
    assertThat(LabelSelection.parse(null).isEverything()).isTrue();
    assertThat(LabelSelection.parse("a").isEverything()).isFalse();
  }

  static Stream<Arguments> invalid() {
    String req = "unable to parse requirement: ";
    String long64 = "v".repeat(64);
    return Stream.of(
        // Between requirements: no prefix.
        Arguments.of("a,", "found '', expected: identifier after ','"),
        Arguments.of("a,,b", "found ',', expected: identifier after ','"),
        Arguments.of("a,=b", "found '=', expected: identifier after ','"),
        Arguments.of(",a", "found ',', expected: !, identifier, or 'end of string'"),
        Arguments.of("=a", "found '=', expected: !, identifier, or 'end of string'"),
        Arguments.of("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
        Arguments.of("(a)", "found '(', expected: !, identifier, or 'end of string'"),
        Arguments.of("a=b)", "found ')', expected: ',' or 'end of string'"),
        Arguments.of("a=b c", "found 'c', expected: ',' or 'end of string'"),
        Arguments.of("!a=b", "found '=', expected: ',' or 'end of string'"),
        Arguments.of("!a in (b)", "found 'in', expected: ',' or 'end of string'"),
        // Inside a requirement: prefixed.
        Arguments.of("a b", req + "found 'b', expected: " + OPERATORS),
        Arguments.of("a)", req + "found ')', expected: " + OPERATORS),
        Arguments.of("a!b", req + "found '!', expected: " + OPERATORS),
        Arguments.of("!", req + "found '', expected: identifier"),
        Arguments.of("!!a", req + "found '!', expected: identifier"),
        Arguments.of("a,!", req + "found '', expected: identifier"),
        Arguments.of("a in", req + "found '' expected: '('"),
        Arguments.of("a in x", req + "found 'x' expected: '('"),
        Arguments.of("a notin (", req + "found '', expected: ',', ')' or identifier"),
        Arguments.of("a in (=", req + "found '=', expected: ',', ')' or identifier"),
        Arguments.of("a in (x", req + "found '', expected: ',' or ')'"),
        Arguments.of("a in (x y)", req + "found 'y', expected: ',' or ')'"),
        Arguments.of("a in (x,=)", req + "found '=', expected: ',', or identifier"),
        Arguments.of("a in (x,", req + "found '', expected: ',', or identifier"),
        Arguments.of("a=(", req + "found '(', expected: identifier"),
        Arguments.of("a===b", req + "found '=', expected: identifier"),
        Arguments.of("a=!b", req + "found '!', expected: identifier"),
        // Keys are checked as they are read, against upstream's nil field path.
        Arguments.of("a$=b", req + "<nil>: Invalid value: \"a$\": " + NAME_PART),
        Arguments.of("-a", req + "<nil>: Invalid value: \"-a\": " + NAME_PART),
        Arguments.of("a/b/c", req + "<nil>: Invalid value: \"a/b/c\": " + TOO_MANY_SLASHES),
        Arguments.of("/a", req + "<nil>: Invalid value: \"/a\": prefix part must be non-empty"),
        Arguments.of(
            "Example.com/a", req + "<nil>: Invalid value: \"Example.com/a\": " + PREFIX_PART_DNS),
        Arguments.of(
            "a/", req + "<nil>: Invalid value: \"a/\": name part must be non-empty; " + NAME_PART),
        Arguments.of(
            "k" + long64,
            req
                + "<nil>: Invalid value: \"k"
                + long64
                + "\": name part must be no more than 63 characters"),
        // Values are checked when the requirement is built.
        Arguments.of("a=b$", req + "values[0][a]: Invalid value: \"b$\": " + LABEL_VALUE),
        // Set values are sorted before they are checked: "-y" sorts first, so it is values[0].
        Arguments.of("a in (x,-y)", req + "values[0][a]: Invalid value: \"-y\": " + LABEL_VALUE),
        Arguments.of("a in (y$,x,w)", req + "values[2][a]: Invalid value: \"y$\": " + LABEL_VALUE),
        Arguments.of(
            "a=" + long64,
            req
                + "values[0][a]: Invalid value: \""
                + long64
                + "\": must be no more than 63 characters"),
        Arguments.of(
            "a>x",
            req
                + "values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an"
                + " integer"),
        Arguments.of(
            "a<",
            req
                + "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an"
                + " integer"),
        Arguments.of(
            "a>99999999999999999999",
            req
                + "values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators,"
                + " the value must be an integer"),
        // A negative bound is an integer but not a valid label value.
        Arguments.of("a<-1", req + "values[0][a]: Invalid value: \"-1\": " + LABEL_VALUE),
        Arguments.of("a>+1", req + "values[0][a]: Invalid value: \"+1\": " + LABEL_VALUE),
        Arguments.of(
            "a>x$",
            req
                + "[values[0]: Invalid value: \"x$\": for 'Gt', 'Lt' operators, the value must be"
                + " an integer, values[0][a]: Invalid value: \"x$\": "
                + LABEL_VALUE
                + "]"),
        // The first bad requirement is the one reported.
        Arguments.of("a=b,c d,e$", req + "found 'd', expected: " + OPERATORS));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("invalid")
  void refusesWithUpstreamMessage(String selector, String message) {
    assertThatThrownBy(() -> LabelSelection.parse(selector))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void aNulCharacterEndsTheSelectorAsInUpstreamsLexer() {
    // Upstream's lexer reads a NUL byte as the end of input.
    assertThat(LabelSelection.parse("a=b \u0000 garbage").toString()).isEqualTo("a=b");
    assertThatThrownBy(() -> LabelSelection.parse("a=b\u0000c"))
        .hasMessage("found 'c', expected: ',' or 'end of string'");
  }
}
