package io.batchd.registry;

import java.util.function.Predicate;

/**
 * How to watch.
 *
 * @param filter which objects the watcher sees
 * @param resourceVersion where to start: null or "0" starts with the current state as ADDED events;
 *     a revision starts after it
 * @param sendInitialEvents whether to start with the current state (null: upstream's default)
 * @param allowBookmarks whether BOOKMARK events may be sent
 */
public record WatchQuery<T>(
    Predicate<T> filter,
    String resourceVersion,
    Boolean sendInitialEvents,
    boolean allowBookmarks) {}
