/**
 * Container probes as the kubelet runs them: exec, httpGet and tcpSocket checks, their timing and
 * thresholds, and the worker that probes one container attempt. The pod worker decides what a
 * result means (readiness, a restart after a liveness or startup failure).
 */
package io.batchd.node.probes;
