package io.batchd.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the live keys in key order
 * @param revision the revision the page was read at; pass it back with the last key to read the
 *     next page at the same revision
 * @param more whether keys remain after the last item
 */
public record ListResult(List<KeyValue> items, long revision, boolean more) {

  public ListResult {
    items = List.copyOf(items);
  }

  /** The key to continue after, or {@code null} when the page is empty. */
  public String lastKey() {
    return items.isEmpty() ? null : items.get(items.size() - 1).key();
  }
}
