package io.batchd.registry;

import io.batchd.api.selectors.FieldSelector;
import io.batchd.api.selectors.LabelSelection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds the filter of a list or watch from its {@code labelSelector} and {@code fieldSelector}
 * parameters. Field selectors offer {@code metadata.name}, {@code metadata.namespace} and what the
 * resource's strategy adds; others are refused with 400 as upstream does.
 */
public final class ObjectFilters {
  private ObjectFilters() {}

  /**
   * The filter of a request without selectors; lists and watches given it need not decode objects
   * to test them.
   */
  public static final Predicate<Object> EVERYTHING = object -> true;

  /** Whether {@code filter} lets every object through without looking at it. */
  public static boolean isEverything(Predicate<?> filter) {
    return filter == EVERYTHING;
  }

  public static <T extends HasMetadata> Predicate<T> build(
      String labelSelector, String fieldSelector, Strategy<T> strategy, ResourceType<T> type) {
    LabelSelection labels =
        labelSelector == null ? LabelSelection.everything() : LabelSelection.parse(labelSelector);
    FieldSelector fields =
        fieldSelector == null ? FieldSelector.everything() : FieldSelector.parse(fieldSelector);
    if (!fields.isEverything()) {
      java.util.Set<String> supported = new java.util.LinkedHashSet<>();
      supported.add("metadata.name");
      supported.add("metadata.namespace");
      supported.addAll(strategy.selectableFieldNames());
      if (type.group().isEmpty()) {
        fields.requireSupported(supported);
      } else {
        // Upstream names the Go type: batchv1.Job.
        fields.requireSupported(
            supported, type.group().split("\\.")[0] + type.version() + "." + type.kind());
      }
    }
    if (labels.isEverything() && fields.isEverything()) {
      @SuppressWarnings("unchecked")
      Predicate<T> all = (Predicate<T>) (Predicate<?>) EVERYTHING;
      return all;
    }
    return object -> {
      Map<String, String> objectLabels =
          object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
      if (!labels.matches(objectLabels)) {
        return false;
      }
      if (fields.isEverything()) {
        return true;
      }
      Map<String, String> values = new HashMap<>(strategy.selectableFields(object));
      values.put("metadata.name", object.getMetadata().getName());
      String ns = object.getMetadata().getNamespace();
      values.put("metadata.namespace", ns == null ? "" : ns);
      return fields.matches(values);
    };
  }
}
