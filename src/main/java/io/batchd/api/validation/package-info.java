/**
 * Generic, pure validation helpers worded exactly as Kubernetes words them: field paths, DNS and
 * label names, qualified names, label selectors, object metadata, and the Go rendering of rejected
 * values. Resource-specific rules live with their registry strategy.
 */
package io.batchd.api.validation;
