package io.batchd.store;

import static io.batchd.store.RecordingListener.range;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link Store} backend must share. Each backend's test class extends this and
 * says how to open a store; the tests here never look at which backend they run against.
 *
 * <p>Every test works under its own key prefix, so a backend may hand all tests one server, and
 * asserts only on revisions it observed itself.
 */
abstract class StoreContract {
  private static final Duration WAIT = Duration.ofSeconds(20);

  protected Store store;
  protected String prefix;
  private final List<Watch> watches = new ArrayList<>();

  /** A store for one test; it may share data with other tests under other prefixes. */
  protected abstract Store openStore();

  @BeforeEach
  void openStoreForTest(TestInfo test) {
    store = openStore();
    prefix = "/registry/test/" + test.getTestMethod().orElseThrow().getName() + "/";
  }

  @AfterEach
  void closeStore() {
    watches.forEach(Watch::close);
    store.close();
  }

  /** Awaitility, polling often: many tests wait for watch deliveries that take microseconds. */
  private static ConditionFactory eventually() {
    return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  private String key(String name) {
    return prefix + name;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private RecordingListener watch(String watchPrefix, long afterRevision) {
    RecordingListener listener = new RecordingListener();
    watches.add(store.watch(watchPrefix, afterRevision, listener));
    return listener;
  }

  // --- create, get ---

  @Test
  void createThenGetReturnsTheValueWithItsRevisions() {
    KeyValue created = store.create(key("a"), bytes("one"));

    assertThat(created.key()).isEqualTo(key("a"));
    assertThat(created.value()).isEqualTo(bytes("one"));
    assertThat(created.createRevision()).isEqualTo(created.modRevision());
    assertThat(store.get(key("a"))).contains(created);
    assertThat(store.currentRevision()).isEqualTo(created.modRevision());
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertThat(store.get(key("missing"))).isEmpty();
  }

  @Test
  void createOfALiveKeyFailsAndKeepsTheValue() {
    KeyValue first = store.create(key("a"), bytes("one"));

    assertThatThrownBy(() -> store.create(key("a"), bytes("two")))
        .isInstanceOf(KeyExistsException.class)
        .hasMessageContaining(key("a"));
    assertThat(store.get(key("a"))).contains(first);
    assertThat(store.currentRevision()).isEqualTo(first.modRevision());
  }

  @Test
  void createAfterDeleteStartsANewIncarnation() {
    KeyValue first = store.create(key("a"), bytes("one"));
    store.delete(key("a"), first.modRevision());

    KeyValue second = store.create(key("a"), bytes("two"));

    assertThat(second.createRevision()).isGreaterThan(first.createRevision());
    assertThat(second.createRevision()).isEqualTo(second.modRevision());
    assertThat(store.get(key("a"))).contains(second);
  }

  @Test
  void everySuccessfulWriteAdvancesTheRevisionByOne() {
    long start = store.currentRevision();
    KeyValue a = store.create(key("a"), bytes("1"));
    KeyValue b = store.update(key("a"), bytes("2"), a.modRevision());
    assertThatThrownBy(() -> store.update(key("a"), bytes("3"), a.modRevision()))
        .isInstanceOf(ConflictException.class);
    KeyValue c = store.create(key("b"), bytes("1"));
    store.delete(key("b"), c.modRevision());

    assertThat(List.of(a.modRevision(), b.modRevision(), c.modRevision()))
        .containsExactly(start + 1, start + 2, start + 3);
    assertThat(store.currentRevision()).isEqualTo(start + 4);
  }

  @Test
  void valuesAreCopiedNotShared() {
    byte[] value = bytes("one");
    store.create(key("a"), value);
    value[0] = 'X';

    assertThat(store.get(key("a")).orElseThrow().value()).isEqualTo(bytes("one"));
  }

  @Test
  void invalidKeysAreRejected() {
    assertThatThrownBy(() -> store.create("", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.create(prefix + "caf\u00e9", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> store.create(prefix + "a\nb", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valuesUpToTheLimitAreKeptAndLargerOnesRejected() {
    byte[] largest = new byte[Keys.MAX_VALUE_BYTES];
    largest[largest.length - 1] = 7;
    KeyValue kept = store.create(key("large"), largest);
    assertThat(store.get(key("large")).orElseThrow().value()).isEqualTo(largest);

    byte[] tooLarge = new byte[Keys.MAX_VALUE_BYTES + 1];
    assertThatThrownBy(() -> store.create(key("huge"), tooLarge))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> store.update(key("large"), tooLarge, kept.modRevision()))
        .isInstanceOf(ValueTooLargeException.class);
    assertThat(store.get(key("huge"))).isEmpty();
    assertThat(store.get(key("large"))).contains(kept);
  }

  // --- update, delete: compare-and-swap ---

  @Test
  void updateAtTheCurrentRevisionReplacesTheValueAndKeepsTheCreateRevision() {
    KeyValue created = store.create(key("a"), bytes("one"));

    KeyValue updated = store.update(key("a"), bytes("two"), created.modRevision());

    assertThat(updated.value()).isEqualTo(bytes("two"));
    assertThat(updated.createRevision()).isEqualTo(created.createRevision());
    assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
    assertThat(store.get(key("a"))).contains(updated);
  }

  @Test
  void updateAtAStaleRevisionConflictsAndCarriesTheCurrentVersion() {
    KeyValue created = store.create(key("a"), bytes("one"));
    KeyValue updated = store.update(key("a"), bytes("two"), created.modRevision());

    assertThatThrownBy(() -> store.update(key("a"), bytes("three"), created.modRevision()))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.current()).isEqualTo(updated);
              assertThat(e.expectedModRevision()).isEqualTo(created.modRevision());
            });
    assertThat(store.get(key("a"))).contains(updated);
  }

  @Test
  void updateOfAMissingKeyIsNotFound() {
    assertThatThrownBy(() -> store.update(key("missing"), bytes("x"), 1))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining(key("missing"));
    assertThat(store.get(key("missing"))).isEmpty();
  }

  @Test
  void deleteReturnsTheDeletedVersionAndRemovesTheKey() {
    KeyValue created = store.create(key("a"), bytes("one"));

    KeyValue deleted = store.delete(key("a"), created.modRevision());

    assertThat(deleted).isEqualTo(created);
    assertThat(store.get(key("a"))).isEmpty();
    assertThat(store.currentRevision()).isEqualTo(created.modRevision() + 1);
  }

  @Test
  void deleteAtAStaleRevisionConflictsAndKeepsTheKey() {
    KeyValue created = store.create(key("a"), bytes("one"));
    KeyValue updated = store.update(key("a"), bytes("two"), created.modRevision());

    assertThatThrownBy(() -> store.delete(key("a"), created.modRevision()))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.current()).isEqualTo(updated));
    assertThat(store.get(key("a"))).contains(updated);
  }

  @Test
  void deleteOfAMissingOrDeletedKeyIsNotFound() {
    KeyValue created = store.create(key("a"), bytes("one"));
    store.delete(key("a"), created.modRevision());

    assertThatThrownBy(() -> store.delete(key("a"), created.modRevision()))
        .isInstanceOf(KeyNotFoundException.class);
    assertThatThrownBy(() -> store.delete(key("never"), 1))
        .isInstanceOf(KeyNotFoundException.class);
  }

  // --- reads at a revision ---

  @Test
  void getAtARevisionReturnsTheVersionLiveThen() {
    long before = store.currentRevision();
    KeyValue v1 = store.create(key("a"), bytes("one"));
    KeyValue v2 = store.update(key("a"), bytes("two"), v1.modRevision());
    store.delete(key("a"), v2.modRevision());
    long afterDelete = store.currentRevision();

    assertThat(store.get(key("a"), before)).isEmpty();
    assertThat(store.get(key("a"), v1.modRevision())).contains(v1);
    assertThat(store.get(key("a"), v2.modRevision())).contains(v2);
    assertThat(store.get(key("a"), afterDelete)).isEmpty();
  }

  @Test
  void readsAtAFutureRevisionFail() {
    store.create(key("a"), bytes("one"));
    long future = store.currentRevision() + 10;

    assertThatThrownBy(() -> store.get(key("a"), future))
        .isInstanceOf(FutureRevisionException.class);
    assertThatThrownBy(() -> store.list(prefix, ListOptions.atRevision(future)))
        .isInstanceOf(FutureRevisionException.class);
  }

  // --- list ---

  @Test
  void listReturnsLiveKeysUnderThePrefixInKeyOrder() {
    store.create(key("b"), bytes("b"));
    KeyValue a = store.create(key("a"), bytes("a"));
    KeyValue c = store.create(key("c"), bytes("c"));
    store.delete(key("b"), store.get(key("b")).orElseThrow().modRevision());
    store.create(prefix.substring(0, prefix.length() - 1) + "x/sibling", bytes("other"));

    ListResult result = store.list(prefix, ListOptions.ALL);

    assertThat(result.items()).containsExactly(store.get(key("a")).orElseThrow(), c);
    assertThat(result.items().get(0)).isEqualTo(a);
    assertThat(result.more()).isFalse();
    assertThat(result.revision()).isEqualTo(store.currentRevision());
    assertThat(store.count(prefix)).isEqualTo(2);
  }

  @Test
  void listOfAnEmptyPrefixIsEmptyAtTheCurrentRevision() {
    store.create(prefix + "elsewhere/x", bytes("x"));

    ListResult result = store.list(prefix + "nothing/", ListOptions.ALL);

    assertThat(result.items()).isEmpty();
    assertThat(result.more()).isFalse();
    assertThat(result.revision()).isEqualTo(store.currentRevision());
    assertThat(store.count(prefix + "nothing/")).isZero();
  }

  @Test
  void listAtARevisionSeesTheStateThen() {
    KeyValue a = store.create(key("a"), bytes("a1"));
    KeyValue b = store.create(key("b"), bytes("b1"));
    long then = store.currentRevision();
    store.update(key("a"), bytes("a2"), a.modRevision());
    store.delete(key("b"), b.modRevision());
    store.create(key("c"), bytes("c1"));

    ListResult old = store.list(prefix, ListOptions.atRevision(then));

    assertThat(old.items()).containsExactly(a, b);
    assertThat(old.revision()).isEqualTo(then);
  }

  @Test
  void pagesOfAListStayConsistentAtTheFirstPagesRevision() {
    List<KeyValue> original = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      original.add(store.create(key(String.format("k%02d", i)), bytes("v" + i)));
    }
    ListResult first = store.list(prefix, ListOptions.page(0, null, 3));
    assertThat(first.items()).containsExactlyElementsOf(original.subList(0, 3));
    assertThat(first.more()).isTrue();

    // Writes between pages must not show in later pages.
    store.delete(key("k04"), original.get(4).modRevision());
    store.update(key("k05"), bytes("changed"), original.get(5).modRevision());
    store.create(key("k03a"), bytes("new"));

    List<KeyValue> seen = new ArrayList<>(first.items());
    ListResult page = first;
    while (page.more()) {
      page = store.list(prefix, ListOptions.page(first.revision(), page.lastKey(), 3));
      assertThat(page.revision()).isEqualTo(first.revision());
      seen.addAll(page.items());
    }
    assertThat(seen).containsExactlyElementsOf(original);
  }

  @Test
  void aLimitExactlyAtTheEndReportsNoMore() {
    store.create(key("a"), bytes("a"));
    store.create(key("b"), bytes("b"));

    ListResult result = store.list(prefix, ListOptions.page(0, null, 2));

    assertThat(result.items()).hasSize(2);
    assertThat(result.more()).isFalse();
  }

  // --- concurrency ---

  @Test
  void racingCompareAndSwapOnOneKeyHasExactlyOneWinnerPerRevision() throws Exception {
    store.create(key("counter"), bytes("0"));
    int threads = 16;
    int incrementsPerThread = 25;
    Set<Long> baseRevisionsThatWon = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicateWins = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < incrementsPerThread; ) {
                    KeyValue current = store.get(key("counter")).orElseThrow();
                    int n = Integer.parseInt(new String(current.value(), UTF_8));
                    try {
                      store.update(
                          key("counter"), bytes(Integer.toString(n + 1)), current.modRevision());
                      if (!baseRevisionsThatWon.add(current.modRevision())) {
                        duplicateWins.incrementAndGet();
                      }
                      i++;
                    } catch (ConflictException e) {
                      conflicts.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    int total = threads * incrementsPerThread;
    assertThat(duplicateWins).hasValue(0);
    assertThat(baseRevisionsThatWon).hasSize(total);
    assertThat(new String(store.get(key("counter")).orElseThrow().value(), UTF_8))
        .isEqualTo(Integer.toString(total));
  }

  @Test
  void racingCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
    int threads = 16;
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger exists = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    store.create(key("once"), bytes("writer-" + id));
                    wins.incrementAndGet();
                  } catch (KeyExistsException e) {
                    exists.incrementAndGet();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(wins).hasValue(1);
    assertThat(exists).hasValue(threads - 1);
  }

  // --- watch ---

  @Test
  void watchDeliversChangesInOrderWithThePreviousValue() {
    long start = store.currentRevision();
    RecordingListener events = watch(prefix, start);

    KeyValue v1 = store.create(key("a"), bytes("one"));
    KeyValue v2 = store.update(key("a"), bytes("two"), v1.modRevision());
    store.delete(key("a"), v2.modRevision());

    eventually().until(() -> events.size() == 3);
    List<WatchEvent> got = events.events();
    assertThat(got.get(0)).isEqualTo(WatchEvent.added(v1));
    assertThat(got.get(1)).isEqualTo(WatchEvent.modified(v2, v1));
    assertThat(got.get(2)).isEqualTo(WatchEvent.deleted(key("a"), v2.modRevision() + 1, v2));
    assertThat(events.error()).isNull();
    assertThat(events.sawOverlappingCalls()).isFalse();
  }

  @Test
  void watchSeesOnlyKeysUnderItsPrefix() {
    long start = store.currentRevision();
    RecordingListener events = watch(key("mine/"), start);

    store.create(key("other/x"), bytes("x"));
    KeyValue mine = store.create(key("mine/x"), bytes("x"));
    store.create(key("minex"), bytes("x"));
    KeyValue last = store.create(key("mine/y"), bytes("y"));

    eventually().until(() -> events.size() == 2);
    assertThat(events.revisions()).containsExactly(mine.modRevision(), last.modRevision());
  }

  @Test
  void watchFromAPastRevisionReplaysHistoryThenFollowsLiveChanges() {
    long start = store.currentRevision();
    KeyValue v1 = store.create(key("a"), bytes("one"));
    KeyValue v2 = store.update(key("a"), bytes("two"), v1.modRevision());

    RecordingListener events = watch(prefix, start);
    eventually().until(() -> events.size() == 2);
    KeyValue v3 = store.update(key("a"), bytes("three"), v2.modRevision());

    eventually().until(() -> events.size() == 3);
    assertThat(events.events())
        .containsExactly(
            WatchEvent.added(v1), WatchEvent.modified(v2, v1), WatchEvent.modified(v3, v2));
  }

  @Test
  void watchResumesFromAnyRevisionWithExactlyTheLaterChanges() {
    long start = store.currentRevision();
    List<Long> written = new ArrayList<>();
    KeyValue last = store.create(key("a"), bytes("0"));
    written.add(last.modRevision());
    for (int i = 1; i < 30; i++) {
      if (i % 7 == 0) {
        store.delete(key("a"), last.modRevision());
        last = store.create(key("a"), bytes(Integer.toString(i)));
      } else {
        last = store.update(key("a"), bytes(Integer.toString(i)), last.modRevision());
      }
      written.add(last.modRevision());
    }
    List<Long> all = range(start + 1, store.currentRevision());

    for (long from = start; from <= store.currentRevision(); from++) {
      long after = from;
      RecordingListener events = watch(prefix, after);
      List<Long> expected = all.stream().filter(r -> r > after).toList();
      eventually().until(() -> events.size() == expected.size());
      assertThat(events.revisions()).as("watch after %d", after).isEqualTo(expected);
    }
    assertThat(all).containsAll(written);
  }

  @Test
  void watchFromAFutureRevisionWaitsForIt() {
    long start = store.currentRevision();
    RecordingListener events = watch(prefix, start + 2);

    store.create(key("a"), bytes("1"));
    store.create(key("b"), bytes("2"));
    KeyValue third = store.create(key("c"), bytes("3"));

    eventually().until(() -> events.size() == 1);
    assertThat(events.revisions()).containsExactly(third.modRevision());
  }

  @Test
  void watchesSeeConcurrentWritersInRevisionOrderWithNoGaps() throws Exception {
    long start = store.currentRevision();
    RecordingListener early = watch(prefix, start);
    int writers = 8;
    int writesEach = 50;
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String k = key("writer-" + w);
        done.add(
            pool.submit(
                () -> {
                  KeyValue kv = store.create(k, bytes("0"));
                  acknowledged.add(kv.modRevision());
                  for (int i = 1; i < writesEach; i++) {
                    kv = store.update(k, bytes(Integer.toString(i)), kv.modRevision());
                    acknowledged.add(kv.modRevision());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    // A watch started after the writes replays the same history.
    RecordingListener late = watch(prefix, start);

    List<Long> expected = new ArrayList<>(acknowledged);
    Collections.sort(expected);
    for (RecordingListener events : List.of(early, late)) {
      eventually().until(() -> events.size() >= expected.size());
      assertThat(events.revisions()).isEqualTo(expected);
      assertThat(events.sawOverlappingCalls()).isFalse();
    }
  }

  @Test
  void aClosedWatchReceivesNothingMore() {
    long start = store.currentRevision();
    RecordingListener events = new RecordingListener();
    Watch w = store.watch(prefix, start, events);
    store.create(key("a"), bytes("1"));
    eventually().until(() -> events.size() == 1);

    w.close();
    w.close();
    store.create(key("b"), bytes("2"));
    // A second watch proves the write was delivered to watchers that remained.
    RecordingListener witness = watch(prefix, start);
    eventually().until(() -> witness.size() == 2);

    assertThat(events.size()).isEqualTo(1);
    assertThat(events.error()).isNull();
  }

  // --- compaction ---

  @Test
  void compactionMakesOlderRevisionsUnreadableAndKeepsTheLatestState() {
    KeyValue a1 = store.create(key("a"), bytes("1"));
    KeyValue a2 = store.update(key("a"), bytes("2"), a1.modRevision());
    KeyValue b1 = store.create(key("b"), bytes("1"));
    store.delete(key("b"), b1.modRevision());
    KeyValue c1 = store.create(key("c"), bytes("1"));
    long compactTo = c1.modRevision();

    store.compact(compactTo);

    assertThatThrownBy(() -> store.get(key("a"), a1.modRevision()))
        .isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> store.list(prefix, ListOptions.atRevision(compactTo - 1)))
        .isInstanceOf(CompactedException.class);
    assertThat(store.get(key("a"), compactTo)).contains(a2);
    assertThat(store.list(prefix, ListOptions.atRevision(compactTo)).items())
        .containsExactly(a2, c1);
    assertThat(store.list(prefix, ListOptions.ALL).items()).containsExactly(a2, c1);
    assertThat(store.get(key("b"))).isEmpty();
    KeyValue a3 = store.update(key("a"), bytes("3"), a2.modRevision());
    assertThat(store.get(key("a"))).contains(a3);
  }

  @Test
  void compactionIsIdempotentAndRefusesTheFuture() {
    KeyValue a1 = store.create(key("a"), bytes("1"));
    store.update(key("a"), bytes("2"), a1.modRevision());
    long now = store.currentRevision();

    store.compact(now);
    store.compact(now);
    store.compact(now - 1);

    assertThatThrownBy(() -> store.compact(now + 100)).isInstanceOf(FutureRevisionException.class);
    assertThat(store.get(key("a"), now)).isPresent();
  }

  @Test
  void watchFromACompactedRevisionFailsWithCompacted() {
    long start = store.currentRevision();
    KeyValue a1 = store.create(key("a"), bytes("1"));
    KeyValue a2 = store.update(key("a"), bytes("2"), a1.modRevision());
    store.update(key("a"), bytes("3"), a2.modRevision());
    store.compact(store.currentRevision());

    RecordingListener events = watch(prefix, start);

    eventually().until(() -> events.error() != null);
    assertThat(events.error()).isInstanceOf(CompactedException.class);
    assertThat(events.events()).isEmpty();
  }

  @Test
  void watchFromTheCompactionPointSeesLaterChangesWithTheirPreviousValues() {
    KeyValue a1 = store.create(key("a"), bytes("1"));
    KeyValue a2 = store.update(key("a"), bytes("2"), a1.modRevision());
    long compactedAt = a2.modRevision();
    store.compact(compactedAt);
    store.delete(key("a"), a2.modRevision());

    RecordingListener events = watch(prefix, compactedAt);
    RecordingListener tooOld = watch(prefix, compactedAt - 1);

    eventually().until(() -> events.size() == 1 && tooOld.error() != null);
    assertThat(events.events()).containsExactly(WatchEvent.deleted(key("a"), compactedAt + 1, a2));
    assertThat(events.error()).isNull();
    assertThat(tooOld.error()).isInstanceOf(CompactedException.class);
    assertThat(tooOld.events()).isEmpty();
  }

  @Test
  void aRunningWatchIsNotDisturbedByCompaction() {
    long start = store.currentRevision();
    RecordingListener events = watch(prefix, start);
    KeyValue kv = store.create(key("a"), bytes("0"));
    for (int i = 1; i < 20; i++) {
      kv = store.update(key("a"), bytes(Integer.toString(i)), kv.modRevision());
      if (i % 5 == 0) {
        store.compact(kv.modRevision());
      }
    }

    long end = kv.modRevision();
    eventually().until(() -> events.size() == 20);
    assertThat(events.revisions()).isEqualTo(range(start + 1, end));
    assertThat(events.error()).isNull();
  }

  /**
   * A watch that starts while compaction races ahead either replays a gapless history or fails with
   * {@link CompactedException}; it never skips changes silently (cf. etcd's robustness-test
   * regressions where watches lost events around compaction).
   */
  @Test
  void aWatchRacingCompactionIsGaplessOrFailsCompacted() throws Exception {
    long start = store.currentRevision();
    record Started(long after, RecordingListener events) {}
    List<Started> watchers = new ArrayList<>();
    List<Long> written = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<?> writer =
          pool.submit(
              () -> {
                KeyValue kv = store.create(key("a"), bytes("0"));
                written.add(kv.modRevision());
                for (int i = 1; i < 400; i++) {
                  kv = store.update(key("a"), bytes(Integer.toString(i)), kv.modRevision());
                  written.add(kv.modRevision());
                  if (i % 40 == 0) {
                    store.compact(kv.modRevision() - 20);
                  }
                }
                return null;
              });
      while (!writer.isDone() && watchers.size() < 50) {
        long after = start + watchers.size() * 7L;
        watchers.add(new Started(after, watch(prefix, after)));
      }
      writer.get();
    }

    long end = written.get(written.size() - 1);
    assertThat(written).isEqualTo(range(start + 1, end));
    for (Started w : watchers) {
      RecordingListener events = w.events();
      eventually().until(() -> events.error() != null || events.revisions().contains(end));
      if (events.error() == null) {
        assertThat(events.revisions()).isEqualTo(range(w.after() + 1, end));
      } else {
        assertThat(events.error()).isInstanceOf(CompactedException.class);
        List<Long> got = events.revisions();
        if (!got.isEmpty()) {
          assertThat(got).isEqualTo(range(w.after() + 1, got.get(got.size() - 1)));
        }
      }
    }
  }
}
