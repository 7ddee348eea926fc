package org.eegdecode.bench.report;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code eegdecode bench [report]}. */
public final class ReportOptions {
  @Option(
      names = "--quick",
      description = "Short JMH iterations and fewer repeats (3.5 min on 2 cores from nothing).")
  boolean quick;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Folder for report.json, report.md and JMH logs (default bench-results/<time>).")
  Path out;

  @Option(
      names = "--dataset",
      defaultValue = "data/bench-full",
      description = "Full-size dataset for loading and training; written when missing (1.7 GB).")
  Path dataset;

  @Option(names = "--python", defaultValue = "python3", description = "Python with numpy.")
  String python;

  @Option(
      names = "--parts",
      split = ",",
      paramLabel = "PART",
      description =
          "Only these parts (default all): gemm, encode, gallery, epoch, ingest, load,"
              + " train, live.")
  List<String> parts;
}
