package io.batchd.node.runtime;

/**
 * How a runtime starts its containers' processes.
 *
 * @param mechanism the mechanism in use
 * @param message a human sentence for logs and Node conditions: the mechanism, and why when it is
 *     the fallback
 */
public record SpawnInfo(SpawnMechanism mechanism, String message) {}
