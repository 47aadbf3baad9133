package io.batchd.store;

/**
 * How to read a list.
 *
 * @param revision the revision to read at; {@code 0} reads the latest
 * @param startAfter read keys strictly greater than this one (a continue point); {@code null} from
 *     the start of the prefix
 * @param limit the most items to return; {@code 0} for no limit
 */
public record ListOptions(long revision, String startAfter, int limit) {

  public static final ListOptions ALL = new ListOptions(0, null, 0);

  public ListOptions {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must not be negative: " + revision);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  public static ListOptions atRevision(long revision) {
    return new ListOptions(revision, null, 0);
  }

  public static ListOptions page(long revision, String startAfter, int limit) {
    return new ListOptions(revision, startAfter, limit);
  }
}
