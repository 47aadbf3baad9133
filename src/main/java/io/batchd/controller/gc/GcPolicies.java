package io.batchd.controller.gc;

/** The propagation policies of {@code DeleteOptions}, as the garbage collector sends them. */
final class GcPolicies {
  static final String ORPHAN = "Orphan";
  static final String BACKGROUND = "Background";
  static final String FOREGROUND = "Foreground";

  private GcPolicies() {}
}
