package org.eegdecode.decoder.live;

import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * The {@code decoder.*} keys the live decoder uses.
 *
 * @param topK gallery entries published per epoch
 * @param maxBatch epochs encoded in one forward pass at most
 * @param threads PyTorch intra-op threads on the CPU; 0 leaves the engine's setting
 * @param warmup dummy forwards at batch 1 and at {@code maxBatch} before going live
 * @param resultsStream name (and source_id) of the LSL results outlet; "" = none
 * @param jsonl JSON lines target: "-" = stdout, "" = none, else a file
 * @param summaryEveryS seconds between progress log lines; 0 = only at exit
 * @param endIdleS after the first marker, a stalled EEG and no marker for this long end the run; 0
 *     = never
 * @param warm whether to run the warm phase before each epoch ({@link WarmMode}: auto = on a GPU)
 * @param warmLeadMs how long before a pending epoch completes the decoder starts dummy forward
 *     passes (until the epoch arrives) so that the real one runs warm; 0 = never
 */
public record DecoderSettings(
    int topK,
    int maxBatch,
    int threads,
    int warmup,
    String resultsStream,
    String jsonl,
    double summaryEveryS,
    double endIdleS,
    WarmMode warm,
    double warmLeadMs) {

  /** Epochs per forward pass the decoder accepts at most. */
  public static final int MAX_BATCH_LIMIT = 4096;

  public DecoderSettings {
    require(topK >= 1, "decoder.top_k must be >= 1, got " + topK);
    require(
        maxBatch >= 1 && maxBatch <= MAX_BATCH_LIMIT,
        "decoder.max_batch must be 1.." + MAX_BATCH_LIMIT + ", got " + maxBatch);
    require(threads >= 0, "decoder.threads must be >= 0 (0 = engine default), got " + threads);
    require(warmup >= 0, "decoder.warmup must be >= 0, got " + warmup);
    require(
        Double.isFinite(summaryEveryS) && summaryEveryS >= 0,
        "decoder.summary_every_s must be >= 0, got " + summaryEveryS);
    require(
        Double.isFinite(endIdleS) && endIdleS >= 0,
        "decoder.end_idle_s must be >= 0 (0 = never), got " + endIdleS);
    require(warm != null, "decoder.warm must be auto, on or off");
    require(
        Double.isFinite(warmLeadMs) && warmLeadMs >= 0 && warmLeadMs <= 1000,
        "decoder.warm_lead_ms must be 0..1000 (0 = no warm phase), got " + warmLeadMs);
    resultsStream = resultsStream == null ? "" : resultsStream.strip();
    jsonl = jsonl == null ? "" : jsonl.strip();
  }

  /**
   * The settings without the warm-phase keys ({@code decoder.warm: auto}, {@code warm_lead_ms: 2}):
   * the form code written before those keys uses (the GPU harness's latency probe among it).
   */
  public DecoderSettings(
      int topK,
      int maxBatch,
      int threads,
      int warmup,
      String resultsStream,
      String jsonl,
      double summaryEveryS,
      double endIdleS) {
    this(
        topK,
        maxBatch,
        threads,
        warmup,
        resultsStream,
        jsonl,
        summaryEveryS,
        endIdleS,
        WarmMode.AUTO,
        2.0);
  }

  /** The settings from the configuration's {@code decoder} section. */
  public static DecoderSettings from(Config config) {
    return new DecoderSettings(
        config.getInt("decoder.top_k"),
        config.getInt("decoder.max_batch"),
        config.getInt("decoder.threads"),
        config.getInt("decoder.warmup"),
        config.getString("decoder.results_stream"),
        config.getString("decoder.jsonl"),
        config.getDouble("decoder.summary_every_s"),
        config.getDouble("decoder.end_idle_s"),
        WarmMode.parse(config.getString("decoder.warm")),
        config.getDouble("decoder.warm_lead_ms"));
  }

  /**
   * Defaults for tests and embedding: top-5, batches of 32, one thread, no sinks, warm auto, 2 ms.
   */
  public static DecoderSettings defaults() {
    return new DecoderSettings(5, 32, 1, 5, "", "", 10.0, 5.0);
  }

  public DecoderSettings withTopK(int k) {
    return new DecoderSettings(
        k,
        maxBatch,
        threads,
        warmup,
        resultsStream,
        jsonl,
        summaryEveryS,
        endIdleS,
        warm,
        warmLeadMs);
  }

  public DecoderSettings withMaxBatch(int n) {
    return new DecoderSettings(
        topK, n, threads, warmup, resultsStream, jsonl, summaryEveryS, endIdleS, warm, warmLeadMs);
  }

  public DecoderSettings withWarm(WarmMode mode, double leadMs) {
    return new DecoderSettings(
        topK,
        maxBatch,
        threads,
        warmup,
        resultsStream,
        jsonl,
        summaryEveryS,
        endIdleS,
        mode,
        leadMs);
  }

  /** Ranks kept per epoch: the published top-k, and at least 5 for the live top-5 accuracy. */
  public int rankDepth() {
    return Math.max(topK, LiveAccuracy.TOP5);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
