package io.batchd.api.selectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A label selector as a matcher: the AND of {@link LabelRequirement}s, kept sorted by key as
 * upstream's {@code labels.Selector} keeps them. Named so as not to be confused with fabric8's
 * {@code io.fabric8.kubernetes.api.model.LabelSelector}, the API type that {@link
 * ApiLabelSelectors} converts into this one.
 *
 * <p>Three shapes exist, as upstream: {@link #everything()} (no requirement, matches all), {@link
 * #nothing()} (what a missing API selector means, matches none) and a list of requirements.
 * Instances are immutable.
 */
public final class LabelSelection {
  private static final LabelSelection EVERYTHING = new LabelSelection(List.of(), false);
  private static final LabelSelection NOTHING = new LabelSelection(List.of(), true);

  private final List<LabelRequirement> requirements;
  private final boolean nothing;

  private LabelSelection(List<LabelRequirement> requirements, boolean nothing) {
    this.requirements = requirements;
    this.nothing = nothing;
  }

  /** Matches every set of labels; what an absent or empty {@code ?labelSelector=} means. */
  public static LabelSelection everything() {
    return EVERYTHING;
  }

  /** Matches no set of labels; what a {@code null} API label selector means. */
  public static LabelSelection nothing() {
    return NOTHING;
  }

  /**
   * Parses the {@code ?labelSelector=} syntax: comma-separated requirements, all of which must hold
   * — {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code
   * k}, {@code !k}, {@code k>1}, {@code k<1}. Whitespace (space, tab, CR, LF) may surround tokens.
   * A {@code null}, empty or blank string is {@link #everything()}.
   *
   * @throws io.batchd.api.errors.StatusException 400 BadRequest with upstream's message, e.g.
   *     {@code unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt}
   */
  public static LabelSelection parse(String selector) {
    if (selector == null) {
      return EVERYTHING;
    }
    return of(LabelSelectorParser.parse(selector));
  }

  /** The AND of these requirements, sorted by key (stably, so equal keys keep their order). */
  public static LabelSelection of(List<LabelRequirement> requirements) {
    if (requirements.isEmpty()) {
      return EVERYTHING;
    }
    List<LabelRequirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(LabelRequirement::key, GoText::compare));
    return new LabelSelection(List.copyOf(sorted), false);
  }

  /** Whether the labels (absent means none) satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    for (LabelRequirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when this restricts nothing (upstream's {@code Empty()}); false for {@link #nothing()}.
   */
  public boolean isEverything() {
    return !nothing && requirements.isEmpty();
  }

  /** True for {@link #nothing()}. */
  public boolean isNothing() {
    return nothing;
  }

  /** The requirements, sorted by key; empty for both everything and nothing. */
  public List<LabelRequirement> requirements() {
    return requirements;
  }

  /**
   * The canonical form upstream prints: requirements sorted by key, joined by commas, e.g. {@code
   * app=web,tier in (a,b)}. Both everything and nothing print as the empty string.
   */
  @Override
  public String toString() {
    return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelection other
        && nothing == other.nothing
        && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode() * 31 + Boolean.hashCode(nothing);
  }
}
