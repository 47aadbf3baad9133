package io.batchd.registry;

import java.util.function.Predicate;

/**
 * How to list.
 *
 * @param filter which objects to return (label and field selectors, already parsed)
 * @param limit the most items per page; 0 for all
 * @param continueToken from the previous page, or null
 * @param resourceVersion the {@code resourceVersion} parameter, or null
 * @param resourceVersionMatch {@code Exact}, {@code NotOlderThan}, or null
 */
public record ListQuery<T>(
    Predicate<T> filter,
    int limit,
    String continueToken,
    String resourceVersion,
    String resourceVersionMatch) {

  public static <T> ListQuery<T> all() {
    return new ListQuery<>(o -> true, 0, null, null, null);
  }
}
