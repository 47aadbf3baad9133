package io.batchd.api.selectors;

import io.batchd.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A field selector ({@code ?fieldSelector=}): the AND of {@code field=value}, {@code field==value}
 * and {@code field!=value} terms, parsed and matched as upstream's {@code fields.Selector}.
 *
 * <p>In values, {@code \,} {@code \=} and {@code \\} stand for a comma, an equals sign and a
 * backslash; a bare {@code =} or any other backslash sequence is an error. Field names take no
 * escapes and nothing is trimmed: {@code a = b} compares field {@code "a "} with {@code " b"}.
 * Terms are kept sorted by their text as written, which is the order of {@link #requirements()} and
 * of {@link #toString()}.
 *
 * <p>Parsing accepts any field name; which names a resource supports is its own business: check
 * with {@link #requireSupported(Set, String)} or its siblings, which word the refusal as
 * kube-apiserver does for the kind in question. Instances are immutable.
 */
public final class FieldSelector {
  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<FieldRequirement> requirements;

  private FieldSelector(List<FieldRequirement> requirements) {
    this.requirements = requirements;
  }

  /** Matches every object; what an absent or empty {@code ?fieldSelector=} means. */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses a field selector. {@code null} or {@code ""} is {@link #everything()}; empty terms (as
   * in {@code a=b,,c=d}) and terms with neither field nor value ({@code =}, {@code !=}) are
   * dropped, as upstream drops them.
   *
   * @throws StatusException 400 BadRequest with upstream's message: {@code invalid selector: 'a~b';
   *     can't understand 'a~b'} for a term without an operator, {@code invalid field selector:
   *     invalid escape sequence: \x} or {@code invalid field selector: unescaped character in
   *     value: 61} for a bad value (upstream prints the character's code)
   */
  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return EVERYTHING;
    }
    List<String> terms = splitTerms(selector);
    terms.sort(GoText::compare);
    List<FieldRequirement> requirements = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      FieldRequirement r = parseTerm(selector, term);
      if (!r.field().isEmpty() || !r.value().isEmpty()) {
        requirements.add(r);
      }
    }
    return requirements.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(requirements));
  }

  /** Cuts at commas not escaped by a backslash; escapes stay in the terms. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /**
   * Splits a term at its first operator, trying {@code !=} then {@code ==} then {@code =} at each
   * position, so {@code a==b} is field {@code a} and value {@code b}, not value {@code =b}.
   */
  private static FieldRequirement parseTerm(String selector, String term) {
    for (int i = 0; i < term.length(); i++) {
      String rest = term.substring(i);
      String field = term.substring(0, i);
      if (rest.startsWith("!=")) {
        return new FieldRequirement(
            field, FieldOperator.NOT_EQUALS, unescapeValue(rest.substring(2)));
      }
      if (rest.startsWith("==")) {
        return new FieldRequirement(field, FieldOperator.EQUALS, unescapeValue(rest.substring(2)));
      }
      if (rest.startsWith("=")) {
        return new FieldRequirement(field, FieldOperator.EQUALS, unescapeValue(rest.substring(1)));
      }
    }
    throw StatusException.badRequest(
        "invalid selector: '" + selector + "'; can't understand '" + term + "'");
  }

  /**
   * Escapes a literal value for use in a field selector: {@code \} {@code ,} and {@code =} get a
   * backslash. The inverse of {@link #unescapeValue}.
   */
  public static String escapeValue(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == ',' || c == '=') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * The literal value of an escaped field selector value.
   *
   * @throws StatusException 400 BadRequest for a backslash before anything but {@code \ , =}, a
   *     trailing backslash, or an unescaped {@code ,} or {@code =}
   */
  public static String unescapeValue(String value) {
    StringBuilder b = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          throw invalidEscape("\\" + Character.toString(c));
        }
        b.appendCodePoint(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        // Upstream prints the rune with %v, that is as its number.
        throw StatusException.badRequest(
            "invalid field selector: unescaped character in value: " + c);
      } else {
        b.appendCodePoint(c);
      }
    }
    if (escaped) {
      throw invalidEscape("\\");
    }
    return b.toString();
  }

  private static StatusException invalidEscape(String sequence) {
    return StatusException.badRequest(
        "invalid field selector: invalid escape sequence: " + sequence);
  }

  /**
   * Whether an object satisfies every term. {@code fieldValue} reads a field by its path; {@code
   * null} (a field the object lacks) counts as the empty string.
   */
  public boolean matches(Function<String, String> fieldValue) {
    for (FieldRequirement r : requirements) {
      if (!r.matches(fieldValue)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an object with these selectable fields satisfies every term. */
  public boolean matches(Map<String, String> fields) {
    return matches(fields::get);
  }

  /** True when this restricts nothing. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** The terms, sorted by their text as written. */
  public List<FieldRequirement> requirements() {
    return requirements;
  }

  /**
   * The value a term {@code field=value} (or {@code ==}) requires, if there is one: what
   * kube-apiserver uses to serve {@code metadata.name=x} as a get of one object.
   */
  public Optional<String> requiresExactMatch(String field) {
    return requirements.stream()
        .filter(r -> r.field().equals(field) && r.operator() == FieldOperator.EQUALS)
        .map(FieldRequirement::value)
        .findFirst();
  }

  /**
   * Refuses fields outside {@code supported} the way batch/v1 words it: {@code field label
   * "spec.foo" not supported for batchv1.Job} for {@code resourceDescription} {@code batchv1.Job}.
   * Terms are checked in order; the first unsupported one is reported.
   *
   * @throws StatusException 400 BadRequest
   */
  public void requireSupported(Set<String> supported, String resourceDescription) {
    firstUnsupported(supported)
        .ifPresent(
            field -> {
              throw StatusException.badRequest(
                  "field label "
                      + GoText.quote(field)
                      + " not supported for "
                      + resourceDescription);
            });
  }

  /**
   * Refuses fields outside {@code supported} the way core/v1 kinds (pods, nodes, events, ...) and
   * custom resources word it: {@code field label not supported: spec.foo}.
   *
   * @throws StatusException 400 BadRequest
   */
  public void requireSupported(Set<String> supported) {
    firstUnsupported(supported)
        .ifPresent(
            field -> {
              throw StatusException.badRequest("field label not supported: " + field);
            });
  }

  /**
   * Refuses every field but {@code metadata.name} and {@code metadata.namespace}, worded as for a
   * kind with no field-label conversion registered (upstream's default): {@code "spec.foo" is not a
   * known field selector: only "metadata.name", "metadata.namespace"}.
   *
   * @throws StatusException 400 BadRequest
   */
  public void requireMetadataOnly() {
    firstUnsupported(Set.of("metadata.name", "metadata.namespace"))
        .ifPresent(
            field -> {
              throw StatusException.badRequest(
                  GoText.quote(field)
                      + " is not a known field selector: only \"metadata.name\","
                      + " \"metadata.namespace\"");
            });
  }

  private Optional<String> firstUnsupported(Set<String> supported) {
    return requirements.stream()
        .map(FieldRequirement::field)
        .filter(f -> !supported.contains(f))
        .findFirst();
  }

  /**
   * The canonical form upstream prints: terms in order, values escaped, {@code ==} written as
   * {@code =}, e.g. {@code metadata.name=a\,b,status.successful!=0}; {@code ""} for everything.
   */
  @Override
  public String toString() {
    return requirements.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}
