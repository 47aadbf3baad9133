package io.batchd.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code /version} reports, in the shape of Kubernetes' {@code version.Info}.
 *
 * <p>{@code gitVersion} is the Kubernetes version batchd's API matches, not batchd's own: the
 * kubectl shipped as a dispatcher picks which kubectl binary to run from it.
 *
 * @param batchdVersion batchd's own release
 */
public record ServerVersion(
    String major,
    String minor,
    String gitVersion,
    String gitCommit,
    String gitTreeState,
    String buildDate,
    String goVersion,
    String compiler,
    String platform,
    String batchdVersion) {

  /** The version of this build, read from the properties Maven wrote into the jar. */
  public static ServerVersion current() {
    Properties p = new Properties();
    try (InputStream in = ServerVersion.class.getResourceAsStream("/io/batchd/build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String kubernetes = p.getProperty("kubernetes.version");
    String[] parts = kubernetes.substring(1).split("\\.");
    return new ServerVersion(
        parts[0],
        parts[1],
        kubernetes,
        "",
        "clean",
        p.getProperty("build.date"),
        "java" + Runtime.version().feature(),
        "javac",
        System.getProperty("os.name").toLowerCase() + "/" + arch(),
        p.getProperty("version"));
  }

  /** The platform in Go's spelling, which clients expect. */
  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }
}
