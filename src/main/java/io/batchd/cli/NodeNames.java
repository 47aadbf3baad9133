package io.batchd.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The default name of the server's own node: the host name, as the kubelet names its Node. */
final class NodeNames {
  private NodeNames() {}

  static String ofThisHost() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    // Node names are DNS subdomains: lower case, and no trailing dot.
    return name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
  }
}
