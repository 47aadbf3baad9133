package io.batchd.client;

import java.util.List;

/** The items of a list and the resourceVersion to watch from afterwards. */
public record Listing<T>(List<T> items, String resourceVersion) {}
