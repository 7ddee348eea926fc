package org.eegdecode.bench.report;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eegdecode bench report …}, the same as {@code eegdecode bench …} without a subcommand. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "The curated benchmark set with baselines; writes report.json and report.md.",
      "Same as `eegdecode bench [--quick] [--out DIR]`."
    })
public final class ReportCommand implements Callable<Integer> {
  @Mixin ReportOptions options;

  @Override
  public Integer call() throws Exception {
    System.out.println(Report.run(options));
    return 0;
  }
}
