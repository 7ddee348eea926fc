package org.eegdecode.decoder.ui;

import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The {@code ui.*} keys of the live view ({@code decode --ui}, {@code demo --ui}). The address is
 * not among them on purpose: listening anywhere but on 127.0.0.1 takes an explicit command-line
 * option ({@code --ui-host}), never a configuration file.
 *
 * @param port TCP port; 0 = any free port
 * @param pushEveryMs period of the push of new epochs and trace samples
 * @param statusEveryMs period of stream status, counters, accuracy and histograms
 * @param traceSeconds trace window shown
 * @param traceMaxRateHz traces are decimated to at most this rate
 * @param recentEpochs decoded epochs listed on the page
 * @param queue decoded epochs buffered between the decoder thread and the view thread
 * @param epochQueue epochs buffered for the traces
 * @param clientBacklog messages queued for one browser before it is skipped and resynced
 */
public record UiSettings(
    int port,
    int pushEveryMs,
    int statusEveryMs,
    double traceSeconds,
    int traceMaxRateHz,
    int recentEpochs,
    int queue,
    int epochQueue,
    int clientBacklog) {

  public UiSettings {
    require(port >= 0 && port <= 65535, "ui.port must be 0..65535, got " + port);
    require(
        pushEveryMs >= 10 && pushEveryMs <= 10_000,
        "ui.push_every_ms must be 10..10000, got " + pushEveryMs);
    require(
        statusEveryMs >= 50 && statusEveryMs <= 60_000,
        "ui.status_every_ms must be 50..60000, got " + statusEveryMs);
    require(
        traceSeconds > 0 && traceSeconds <= 60,
        "ui.trace_seconds must be > 0 and <= 60, got " + traceSeconds);
    require(
        traceMaxRateHz >= 1 && traceMaxRateHz <= 2000,
        "ui.trace_max_rate_hz must be 1..2000, got " + traceMaxRateHz);
    require(
        recentEpochs >= 1 && recentEpochs <= 500,
        "ui.recent_epochs must be 1..500, got " + recentEpochs);
    require(queue >= 2 && queue <= 1 << 20, "ui.queue must be 2..1048576, got " + queue);
    require(
        epochQueue >= 2 && epochQueue <= 4096, "ui.epoch_queue must be 2..4096, got " + epochQueue);
    require(
        clientBacklog >= 1 && clientBacklog <= 10_000,
        "ui.client_backlog must be 1..10000, got " + clientBacklog);
  }

  /** The configuration's {@code ui} section. */
  public static UiSettings from(Config config) {
    return new UiSettings(
        config.getInt("ui.port"),
        config.getInt("ui.push_every_ms"),
        config.getInt("ui.status_every_ms"),
        config.getDouble("ui.trace_seconds"),
        config.getInt("ui.trace_max_rate_hz"),
        config.getInt("ui.recent_epochs"),
        config.getInt("ui.queue"),
        config.getInt("ui.epoch_queue"),
        config.getInt("ui.client_backlog"));
  }

  /** The same settings on another port. */
  public UiSettings withPort(int p) {
    return new UiSettings(
        p,
        pushEveryMs,
        statusEveryMs,
        traceSeconds,
        traceMaxRateHz,
        recentEpochs,
        queue,
        epochQueue,
        clientBacklog);
  }

  /** Ring sizes are powers of two (Disruptor): the queue lengths rounded up. */
  static int ringSize(int n) {
    return Integer.highestOneBit(Math.max(2, n) - 1) << 1;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
