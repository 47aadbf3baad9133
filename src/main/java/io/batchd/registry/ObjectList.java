package io.batchd.registry;

import java.util.List;

/**
 * One page of a list, ready to become a {@code <Kind>List}.
 *
 * @param items the matching objects
 * @param resourceVersion the revision the page was read at
 * @param continueToken the token for the next page, or null at the end
 */
public record ObjectList<T>(List<T> items, String resourceVersion, String continueToken) {}
