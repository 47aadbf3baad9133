package io.batchd.registry.batch;

import static io.batchd.registry.batch.ValidationCase.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code spec.successPolicy} rules of an Indexed Job with 5 completions. */
class SuccessPolicyValidationTest {
  private static final String RULE0 = "spec.successPolicy.rules[0]";

  static Stream<ValidationCase> cases() {
    return Stream.of(
        row(
            "rules are required",
            j -> policy(j, List.of()),
            "spec.successPolicy.rules: Required value: at least one rules must be specified when"
                + " the successPolicy is specified"),
        row(
            "at most 20 rules",
            j -> policy(j, Collections.nCopies(21, new SuccessPolicyRule(1, null))),
            "spec.successPolicy.rules: Too many: 21: must have at most 20 items"),
        row(
            "a rule names indexes or a count",
            j -> policy(j, List.of(new SuccessPolicyRule(null, null))),
            RULE0
                + ": Required value: at least one of succeededCount or succeededIndexes must be specified"),
        row(
            "indexes are below completions",
            j -> policy(j, List.of(new SuccessPolicyRule(null, "1,7"))),
            RULE0
                + ".succeededIndexes: Invalid value: \"1,7\": error parsing succeededIndexes: too large index: \"7\""),
        row(
            "indexes are in increasing order",
            j -> policy(j, List.of(new SuccessPolicyRule(null, "3,1"))),
            RULE0
                + ".succeededIndexes: Invalid value: \"3,1\": error parsing succeededIndexes:"
                + " non-increasing order, previous: 3, current: 1"),
        row(
            "indexes are integers",
            j -> policy(j, List.of(new SuccessPolicyRule(null, "a"))),
            RULE0
                + ".succeededIndexes: Invalid value: \"a\": error parsing succeededIndexes: cannot"
                + " convert string to integer for index: \"a\""),
        row(
            "an interval has at most two ends",
            j -> policy(j, List.of(new SuccessPolicyRule(null, "1-2-3"))),
            RULE0
                + ".succeededIndexes: Invalid value: \"1-2-3\": error parsing succeededIndexes: the"
                + " fragment \"1-2-3\" violates the requirement that an index interval can have at"
                + " most two parts separated by '-'"),
        row(
            "indexes are at most 64 KiB of text",
            j -> policy(j, List.of(new SuccessPolicyRule(null, "0".repeat(65_537)))),
            RULE0 + ".succeededIndexes: Too long: may not be more than 65536 bytes"),
        row(
            "a count is non-negative",
            j -> policy(j, List.of(new SuccessPolicyRule(-1, null))),
            RULE0 + ".succeededCount: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "a count is at most completions",
            j -> policy(j, List.of(new SuccessPolicyRule(6, null))),
            RULE0
                + ".succeededCount: Invalid value: 6: must be less than or equal to 5 (the number"
                + " of specified completions)"),
        row(
            "a count is at most the number of listed indexes",
            j -> policy(j, List.of(new SuccessPolicyRule(3, "0,4"))),
            RULE0
                + ".succeededCount: Invalid value: 3: must be less than or equal to 2 (the number"
                + " of indexes in the specified succeededIndexes field)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithUpstreamMessage(ValidationCase c) {
    Job job = c.job();
    assertThat(TestJobs.messages(JobValidation.validateCreate(job)))
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void acceptsZeroCountAndIntervals() {
    Job job =
        TestJobs.created(
            j ->
                policy(
                    j,
                    List.of(new SuccessPolicyRule(0, "0-2"), new SuccessPolicyRule(3, "0,2-4"))));
    assertThat(JobValidation.validateCreate(job)).isEmpty();
  }

  static void policy(Job j, List<SuccessPolicyRule> rules) {
    JobCreateValidationTest.indexed(j, 5);
    j.getSpec().setSuccessPolicy(new SuccessPolicy(new ArrayList<>(rules)));
  }
}
