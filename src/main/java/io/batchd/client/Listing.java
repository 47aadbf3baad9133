package io.batchd.client;

import java.util.List;

/**
 * The items of a list (or of one page of it), the resourceVersion to watch from afterwards, and the
 * token of the next page (null at the end).
 */
public record Listing<T>(List<T> items, String resourceVersion, String continueToken) {
  /** A whole list: no next page. */
  public Listing(List<T> items, String resourceVersion) {
    this(items, resourceVersion, null);
  }
}
