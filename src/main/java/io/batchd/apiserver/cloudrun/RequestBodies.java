package io.batchd.apiserver.cloudrun;

import io.batchd.api.errors.StatusException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Request bodies as Google's clients send them: Google's Java client gzips every body. */
final class RequestBodies {
  /** A bound on an inflated body, so that a small compressed body cannot exhaust the heap. */
  static final int MAX_INFLATED_BYTES = 3 * 1024 * 1024;

  private RequestBodies() {}

  static byte[] decoded(String contentEncoding, Buffer body) {
    if (contentEncoding == null || contentEncoding.equalsIgnoreCase("identity")) {
      return body.getBytes();
    }
    if (!contentEncoding.equalsIgnoreCase("gzip")) {
      throw new StatusException(
          415,
          "UnsupportedMediaType",
          "Content-Encoding " + contentEncoding + " is not supported; send gzip or identity",
          null);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      byte[] inflated = in.readNBytes(MAX_INFLATED_BYTES + 1);
      if (inflated.length > MAX_INFLATED_BYTES) {
        throw StatusException.requestEntityTooLarge(
            "the request body is larger than " + MAX_INFLATED_BYTES + " bytes once inflated");
      }
      return inflated;
    } catch (IOException e) {
      throw StatusException.badRequest("the gzip request body is corrupt: " + e.getMessage());
    }
  }
}
