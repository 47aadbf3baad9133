package io.batchd.registry.batch;

import io.batchd.api.selectors.ApiLabelSelectors;
import io.batchd.api.selectors.LabelSelection;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/** Whether a Job's selector selects given labels, judged as upstream's validation judges it. */
final class SelectorChecks {
  private SelectorChecks() {}

  /**
   * True when the selector is a valid selector that does not select {@code labels}. Upstream only
   * compares when the selector converts; a selector that does not is reported by its own rules. A
   * missing selector selects nothing, so it "misses" every label set.
   */
  static boolean misses(LabelSelector selector, Map<String, String> labels) {
    LabelSelection selection;
    try {
      selection = ApiLabelSelectors.toSelection(selector);
    } catch (IllegalArgumentException invalid) {
      return false;
    }
    return !selection.matches(labels == null ? Map.of() : labels);
  }
}
