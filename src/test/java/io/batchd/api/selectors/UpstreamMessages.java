package io.batchd.api.selectors;

/** Upstream's validation messages, spelled out once so that tests compare whole messages. */
final class UpstreamMessages {
  private UpstreamMessages() {}

  static final String QUALIFIED_NAME_RULE =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  static final String NAME_PART = "name part " + QUALIFIED_NAME_RULE;

  static final String LABEL_VALUE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  static final String PREFIX_PART_DNS =
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
          + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
          + " 'example.com', regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  static final String TOO_MANY_SLASHES =
      "a qualified name "
          + QUALIFIED_NAME_RULE
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

  static final String OPERATORS = "in, notin, =, ==, !=, gt, lt";
}
