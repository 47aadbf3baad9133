package io.batchd.cli;

import io.batchd.api.ServerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code batchd version}: batchd's release and the Kubernetes API version it matches. */
@Command(
    name = "version",
    description = "Print the batchd version and the Kubernetes version it matches.")
final class VersionCommand implements Runnable {

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      System.out.println(line);
    }
  }

  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      ServerVersion v = ServerVersion.current();
      return new String[] {
        "batchd " + v.batchdVersion(), "Kubernetes API " + v.gitVersion(), "built " + v.buildDate()
      };
    }
  }
}
