package org.eegdecode.training.run;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eegdecode.training.trainer.EpochRecord;
import org.eegdecode.training.trainer.FoldTrainer;

/** A progress bar on stderr per fold: epoch, loss, validation top-1 and the ETA. */
final class TrainingProgress implements FoldTrainer.Listener, AutoCloseable {
  private final ProgressBar bar;
  private double lastVal = Double.NaN;

  TrainingProgress(String task, int epochs, PrintStream out) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(epochs)
            .setUnit(" ep", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(out, 120))
            .build();
  }

  @Override
  public void onEpoch(EpochRecord record, int maxEpochs) {
    if (!Double.isNaN(record.valTop1())) {
      lastVal = record.valTop1();
    }
    bar.stepTo(record.epoch());
    bar.setExtraMessage(
        String.format(
            Locale.ROOT,
            "epoch %d loss %.4f val top-1 %s",
            record.epoch(),
            record.loss(),
            Double.isNaN(lastVal) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * lastVal)));
  }

  @Override
  public void close() {
    bar.close();
  }
}
