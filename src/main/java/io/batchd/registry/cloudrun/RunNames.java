package io.batchd.registry.cloudrun;

import io.batchd.api.validation.DnsNames;
import java.util.ArrayList;
import java.util.List;

/** Cloud Run's rule for job names: a DNS label that starts with a letter. */
final class RunNames {
  private RunNames() {}

  static List<String> jobName(String name, boolean prefix) {
    List<String> errs = new ArrayList<>(DnsNames.nameIsDnsLabel(name, prefix));
    if (!name.isEmpty() && !Character.isLetter(name.charAt(0))) {
      errs.add("must begin with a letter");
    }
    return errs;
  }
}
