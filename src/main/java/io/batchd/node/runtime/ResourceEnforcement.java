package io.batchd.node.runtime;

/**
 * Whether the runtime enforces containers' memory and CPU limits.
 *
 * @param message a human sentence for logs and Node conditions: what is enforced, or why not
 */
public record ResourceEnforcement(boolean memory, boolean cpu, String message) {}
