package io.batchd.bench.jmh;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the baseline of a benchmark: another {@code @Benchmark} method of the same class, measured
 * in the same run with the same parameters. {@link JmhBench} prints its score and the ratio beside
 * the benchmark's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ComparedTo {
  /** The baseline method's name. */
  String value();
}
