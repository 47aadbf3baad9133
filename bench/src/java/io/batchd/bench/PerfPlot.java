package io.batchd.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG beside a {@link PerfReport}'s JSON, drawn with XChart: one panel of latency distributions
 * (each series' latency against its percentile, so tails show) and one of throughput over time
 * (events per second in windows of a tenth of the run, at least 100 ms).
 */
final class PerfPlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 450;

  /** Points per latency curve: enough for a smooth line whatever the sample count. */
  private static final int CURVE_POINTS = 400;

  private PerfPlot() {}

  static void write(
      Path png,
      String title,
      Map<String, PerfReport.Samples> latencies,
      Map<String, double[]> times)
      throws IOException {
    List<Chart<?, ?>> charts = new ArrayList<>();
    if (!latencies.isEmpty()) {
      charts.add(latencyChart(title, latencies));
    }
    if (!times.isEmpty()) {
      charts.add(throughputChart(title, times));
    }
    String file = png.toString();
    String withoutExtension = file.endsWith(".png") ? file.substring(0, file.length() - 4) : file;
    BitmapEncoder.saveBitmap(
        charts, charts.size(), 1, withoutExtension, BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart latencyChart(String title, Map<String, PerfReport.Samples> latencies) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title + ": latency distribution")
            .xAxisTitle("percentile")
            .yAxisTitle("latency (ms)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#0");
    chart.getStyler().setXAxisTickMarkSpacingHint(80);
    chart.getStyler().setYAxisDecimalPattern("#0.###");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    latencies.forEach(
        (name, samples) -> {
          long[] sorted = samples.sortedNanos();
          if (sorted.length == 0) {
            return;
          }
          int points = Math.min(CURVE_POINTS, sorted.length);
          double[] x = new double[points];
          double[] y = new double[points];
          for (int i = 0; i < points; i++) {
            double p = points == 1 ? 100 : 100.0 * i / (points - 1);
            x[i] = p;
            // A log axis cannot show 0: a latency under a microsecond is drawn at one.
            y[i] = Math.max(0.001, samples.percentileMs(Math.max(p, 0.0001)));
          }
          XYSeries series = chart.addSeries(name, x, y);
          series.setMarker(SeriesMarkers.NONE);
        });
    return chart;
  }

  private static XYChart throughputChart(String title, Map<String, double[]> times) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title + ": throughput over time")
            .xAxisTitle("seconds from start")
            .yAxisTitle("per second")
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("#0.#");
    chart.getStyler().setYAxisDecimalPattern("#0");
    times.forEach(
        (name, sorted) -> {
          if (sorted.length == 0) {
            return;
          }
          double end = sorted[sorted.length - 1];
          double window = Math.max(0.1, end / 10);
          int buckets = Math.max(1, (int) Math.ceil(end / window));
          double[] x = new double[buckets];
          double[] y = new double[buckets];
          for (double t : sorted) {
            y[(int) Math.min(buckets - 1, Math.floor(t / window))]++;
          }
          for (int i = 0; i < buckets; i++) {
            x[i] = (i + 0.5) * window;
            y[i] /= window;
          }
          XYSeries series = chart.addSeries(name, x, y);
          series.setMarker(SeriesMarkers.CIRCLE);
        });
    return chart;
  }
}
