package io.batchd.api.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Environment variable names as upstream checks them since {@code
 * RelaxedEnvironmentVariableValidation} went GA: any printable ASCII except {@code '='}.
 */
public final class EnvVarNames {
  private static final String RELAXED_MSG =
      "a valid environment variable name must consist only of printable ASCII characters other"
          + " than '='";

  private EnvVarNames() {}

  /** The reasons {@code value} is not a valid variable name (or env-from prefix). */
  public static List<String> isRelaxedEnvVarName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.isEmpty()) {
      errs.add("environment variable name " + ValidationMessages.EMPTY);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '=') {
        errs.add(RELAXED_MSG);
        break;
      }
    }
    return errs;
  }
}
