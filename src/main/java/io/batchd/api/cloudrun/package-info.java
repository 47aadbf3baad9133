/**
 * The Cloud Run Admin API v1 job resources (Job, Execution, Task) as the API's JSON defines them,
 * with the Kubernetes parts (object metadata, containers, env, volumes) taken from fabric8's model,
 * since Cloud Run v1 reuses those shapes.
 */
package io.batchd.api.cloudrun;
