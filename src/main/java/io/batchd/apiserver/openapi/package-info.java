/**
 * OpenAPI documents generated from the served resource types and the fabric8 model classes: v3 per
 * group version with its discovery root at {@code /openapi/v3}, and swagger 2.0 at {@code
 * /openapi/v2}. Schema names, extensions and operations follow kube-apiserver's, because kubectl
 * reads them: {@code apply} and {@code create -f} look for the {@code fieldValidation} parameter,
 * {@code explain} walks the schemas, and client-side {@code apply} takes its strategic merge keys
 * from them. Nothing is copied from upstream's published spec; the documents are built from the
 * model at startup.
 */
package io.batchd.apiserver.openapi;
