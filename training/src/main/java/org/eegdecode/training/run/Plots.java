package org.eegdecode.training.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.training.trainer.EpochRecord;
import org.eegdecode.training.trainer.FoldResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a run (XChart, headless). */
public final class Plots {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;

  private Plots() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Training loss per epoch, one series per fold (plus MMD / InfoNCE for a single fold). */
  public static void loss(List<FoldResult> folds, Path file) throws IOException {
    XYChart chart = xy("Training loss", "epoch", "loss");
    for (FoldResult fold : folds) {
      addSeries(chart, label(fold) + " loss", fold.history(), EpochRecord::loss);
      if (folds.size() == 1) {
        addSeries(chart, "MMD (stage 1)", fold.history(), EpochRecord::mmd);
        addSeries(chart, "InfoNCE", fold.history(), EpochRecord::infonce);
      }
    }
    save(chart, file);
  }

  /** Validation and test top-1 per evaluated epoch, per fold. */
  public static void top1(List<FoldResult> folds, double chance, Path file) throws IOException {
    XYChart chart = xy("Top-1 retrieval", "epoch", "top-1 (%)");
    int maxEpoch = 1;
    for (FoldResult fold : folds) {
      addSeries(
          chart, label(fold) + " validation", fold.selectionHistory(), r -> 100 * r.valTop1());
      addSeries(chart, label(fold) + " test", fold.history(), r -> 100 * r.testTop1());
      maxEpoch = Math.max(maxEpoch, fold.epochsRun());
    }
    XYSeries c =
        chart.addSeries(
            "chance (test)", new double[] {1, maxEpoch}, new double[] {100 * chance, 100 * chance});
    c.setMarker(SeriesMarkers.NONE);
    save(chart, file);
  }

  /** Per-subject bars: validation-selected top-1 and top-5, and the test-selected top-1. */
  public static void subjects(List<FoldResult> folds, Path file) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Test retrieval per subject")
            .xAxisTitle("subject")
            .yAxisTitle("%")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    List<String> names = new ArrayList<>();
    List<Double> top1 = new ArrayList<>();
    List<Double> top5 = new ArrayList<>();
    List<Double> testSelected = new ArrayList<>();
    for (FoldResult fold : folds) {
      names.add(label(fold));
      top1.add(finite(100 * fold.test().top1()));
      top5.add(finite(100 * fold.test().top5()));
      testSelected.add(finite(100 * fold.testSelectedTop1()));
    }
    chart.addSeries("top-1 (validation-selected)", names, top1);
    chart.addSeries("top-5 (validation-selected)", names, top5);
    chart.addSeries("top-1 (test-selected, upper bound)", names, testSelected);
    save(chart, file);
  }

  /** The router's global layer weights of the selected parameters, per fold. */
  public static void router(List<FoldResult> folds, List<Integer> layerIds, Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Router layer weights (global prior)")
            .xAxisTitle("InternViT layer")
            .yAxisTitle("weight")
            .build();
    List<String> layers = new ArrayList<>();
    for (int id : layerIds) {
      layers.add(String.valueOf(id));
    }
    for (FoldResult fold : folds) {
      List<Double> w = new ArrayList<>();
      float[] weights = fold.routerWeights();
      for (int i = 0; i < layers.size(); i++) {
        w.add(i < weights.length ? finite(weights[i]) : 0.0);
      }
      chart.addSeries(label(fold), layers, w);
    }
    save(chart, file);
  }

  /** Top-1 against layer depth (single-layer runs) with the router run as a reference line. */
  public static void sweep(
      List<Integer> layers, List<Double> top1, double routerTop1, double chance, Path file)
      throws IOException {
    XYChart chart = xy("Single-layer sweep", "InternViT layer", "top-1 (%)");
    double[] x = new double[layers.size()];
    double[] y = new double[layers.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = layers.get(i);
      y[i] = 100 * finite(top1.get(i));
    }
    chart.addSeries("single layer", x, y);
    double lo = x.length == 0 ? 0 : x[0];
    double hi = x.length == 0 ? 1 : x[x.length - 1];
    XYSeries router =
        chart.addSeries(
            "router", new double[] {lo, hi}, new double[] {100 * routerTop1, 100 * routerTop1});
    router.setMarker(SeriesMarkers.NONE);
    XYSeries c =
        chart.addSeries("chance", new double[] {lo, hi}, new double[] {100 * chance, 100 * chance});
    c.setMarker(SeriesMarkers.NONE);
    save(chart, file);
  }

  private interface Metric {
    double of(EpochRecord record);
  }

  private static void addSeries(XYChart chart, String name, List<EpochRecord> history, Metric m) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (EpochRecord r : history) {
      double v = m.of(r);
      if (Double.isFinite(v)) {
        x.add((double) r.epoch());
        y.add(v);
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    return chart;
  }

  private static String label(FoldResult fold) {
    return String.format("sub-%02d", fold.subject());
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static void save(IChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
