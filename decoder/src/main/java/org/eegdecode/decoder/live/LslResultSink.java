package org.eegdecode.decoder.live;

import org.eegdecode.acquisition.lsl.LslOutlet;

/**
 * The LSL results outlet: a one-channel string stream of type {@code Markers} (name and source_id
 * {@code decoder.results_stream}) carrying one {@link ResultJson} object per decoded epoch, stamped
 * with the epoch's marker timestamp so that a recorder (LabRecorder) aligns it with the stimulus.
 * The outlet is created in {@link #open}, after the decoder resolved its input streams.
 */
public final class LslResultSink implements ResultSink {
  /** The outlet's LSL type. */
  public static final String TYPE = "Markers";

  private final ResultJson json = new ResultJson();
  private final String streamName;
  private final String sourceId;
  private volatile LslOutlet outlet;
  private long pushed;

  public LslResultSink(String streamName) {
    this(streamName, streamName);
  }

  public LslResultSink(String streamName, String sourceId) {
    if (streamName == null || streamName.isBlank()) {
      throw new IllegalArgumentException("the LSL results stream needs a name");
    }
    this.streamName = streamName;
    this.sourceId = sourceId;
  }

  @Override
  public void open(Context context) {
    if (outlet == null) {
      outlet = LslOutlet.strings(streamName, TYPE, sourceId);
    }
  }

  @Override
  public void accept(DecodedEpoch result) {
    LslOutlet target = outlet;
    if (target == null) {
      throw new IllegalStateException("LSL results outlet '" + streamName + "' is not open");
    }
    target.pushMarker(json.format(result), result.markerTimestamp());
    pushed++;
  }

  /** Results pushed so far. */
  public long pushed() {
    return pushed;
  }

  public String streamName() {
    return streamName;
  }

  @Override
  public String name() {
    return "lsl:" + streamName;
  }

  @Override
  public void close() {
    LslOutlet target = outlet;
    outlet = null;
    if (target != null) {
      target.close();
    }
  }
}
