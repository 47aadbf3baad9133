package io.batchd.controller.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes kept as ascending, non-touching intervals, the form of {@code
 * status.completedIndexes}, {@code status.failedIndexes} and {@code successPolicy} rules.
 * Immutable.
 *
 * <p>Parsing is lenient, as upstream's controller is: a fragment that is not a number is skipped,
 * an interval reaching past {@code completions} is cut there, and parsing stops at the first index
 * at or beyond {@code completions} (what elastic scale-down relies on). The API server's strict
 * check of the same text lives in the registry.
 */
final class OrderedIntervals {
  static final OrderedIntervals EMPTY = new OrderedIntervals(List.of());

  record Interval(int first, int last) {
    int size() {
      return last - first + 1;
    }
  }

  private final List<Interval> intervals;

  private OrderedIntervals(List<Interval> intervals) {
    this.intervals = List.copyOf(intervals);
  }

  static OrderedIntervals parse(String text, int completions) {
    if (text == null || text.isEmpty()) {
      return EMPTY;
    }
    List<Interval> result = new ArrayList<>();
    for (String fragment : text.split(",", -1)) {
      String[] limits = fragment.split("-", -1);
      Integer first = atoi(limits[0]);
      if (first == null) {
        continue;
      }
      if (first >= completions) {
        break;
      }
      int last = first;
      if (limits.length > 1) {
        Integer parsedLast = atoi(limits[1]);
        if (parsedLast == null) {
          continue;
        }
        last = Math.min(parsedLast, completions - 1);
      }
      Interval interval = new Interval(first, last);
      if (!result.isEmpty() && result.getLast().last() == first - 1) {
        result.set(result.size() - 1, new Interval(result.getLast().first(), last));
      } else {
        result.add(interval);
      }
    }
    return new OrderedIntervals(result);
  }

  static OrderedIntervals of(Collection<Integer> indexes) {
    return EMPTY.with(indexes);
  }

  /** This set plus the given indexes. */
  OrderedIntervals with(Collection<Integer> indexes) {
    if (indexes.isEmpty()) {
      return this;
    }
    List<Interval> added = new ArrayList<>();
    for (int index : new TreeSet<>(indexes)) {
      added.add(new Interval(index, index));
    }
    return merge(new OrderedIntervals(added));
  }

  /** The union of both sets. */
  OrderedIntervals merge(OrderedIntervals other) {
    List<Interval> result = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < intervals.size() || j < other.intervals.size()) {
      Interval next;
      if (j >= other.intervals.size()
          || (i < intervals.size() && intervals.get(i).first() < other.intervals.get(j).first())) {
        next = intervals.get(i++);
      } else {
        next = other.intervals.get(j++);
      }
      if (result.isEmpty() || next.first() > result.getLast().last() + 1) {
        result.add(next);
      } else if (result.getLast().last() < next.last()) {
        result.set(result.size() - 1, new Interval(result.getLast().first(), next.last()));
      }
    }
    return new OrderedIntervals(result);
  }

  int total() {
    int total = 0;
    for (Interval interval : intervals) {
      total += interval.size();
    }
    return total;
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  boolean has(int index) {
    int lo = 0;
    int hi = intervals.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (intervals.get(mid).last() >= index) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return hi < intervals.size() && intervals.get(hi).first() <= index;
  }

  List<Interval> intervals() {
    return intervals;
  }

  /** How many indexes of {@code rule} are in this set. */
  int countIn(OrderedIntervals rule) {
    int count = 0;
    int r = 0;
    int s = 0;
    while (r < rule.intervals.size() && s < intervals.size()) {
      Interval a = rule.intervals.get(r);
      Interval b = intervals.get(s);
      int overlap = Math.min(a.last(), b.last()) - Math.max(a.first(), b.first()) + 1;
      if (overlap > 0) {
        count += overlap;
      }
      if (b.last() < a.last()) {
        s++;
      } else if (b.last() > a.last()) {
        r++;
      } else {
        r++;
        s++;
      }
    }
    return count;
  }

  /** The compressed text: {@code a-b} for runs of three or more, a pair as {@code a,b}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Interval interval : intervals) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(interval.first());
      if (interval.last() > interval.first()) {
        text.append(interval.last() == interval.first() + 1 ? ',' : '-').append(interval.last());
      }
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrderedIntervals other && intervals.equals(other.intervals);
  }

  @Override
  public int hashCode() {
    return intervals.hashCode();
  }

  private static Integer atoi(String s) {
    return GoAtoi.parseInt(s);
  }
}
