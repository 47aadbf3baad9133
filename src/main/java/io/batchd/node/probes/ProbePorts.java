package io.batchd.node.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A probe's port: a number, or the name of one of the container's ports, as the kubelet reads it.
 */
final class ProbePorts {
  private ProbePorts() {}

  /**
   * @throws IllegalArgumentException with the kubelet's words when the port cannot be resolved
   */
  static int resolve(IntOrString port, Container container) {
    if (port == null) {
      throw new IllegalArgumentException("intOrString had no kind: <nil>");
    }
    int number;
    if (port.getIntVal() != null) {
      number = port.getIntVal();
    } else {
      String name = port.getStrVal();
      Integer named = null;
      if (container.getPorts() != null) {
        for (ContainerPort p : container.getPorts()) {
          if (name.equals(p.getName())) {
            named = p.getContainerPort();
            break;
          }
        }
      }
      if (named != null) {
        number = named;
      } else {
        // As the kubelet's last attempt: a number written as a string.
        try {
          number = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "strconv.Atoi: parsing \"" + name + "\": invalid syntax");
        }
      }
    }
    if (number <= 0 || number >= 65536) {
      throw new IllegalArgumentException("invalid port number: " + number);
    }
    return number;
  }
}
