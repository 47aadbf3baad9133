/**
 * Container logs in the kubelet's CRI format: {@link io.batchd.node.logs.CriLogWriter} writes a
 * container's stdout and stderr into one file per attempt, rotated as {@link
 * io.batchd.node.logs.LogRotation} says; {@link io.batchd.node.logs.ContainerLogReader} serves it
 * with the pod log options (follow, tailLines, sinceTime, timestamps, limitBytes) into a {@link
 * io.batchd.node.logs.LogSink}.
 */
package io.batchd.node.logs;
