package org.eegdecode.decoder.live;

import java.io.IOException;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * Where decoded epochs go (LSL results outlet, JSON lines, the session recording …). The decoder
 * calls {@link #accept} for every epoch on its own thread, in epoch order, then {@link
 * #endOfBatch()} once per forward pass; the {@link DecodedEpoch} is reused for the next epoch, so
 * copy what you keep. A sink that throws is counted ({@code sink_errors}) and the decoder goes on.
 *
 * <p>Life cycle under {@link LiveDecoding}: {@link #open} once the input streams are resolved and
 * before the first epoch (so an LSL outlet opened here cannot be mistaken for the marker stream),
 * {@link #accept}/{@link #endOfBatch()} from the decoder thread, {@link #close()} after the last
 * epoch was drained.
 */
public interface ResultSink extends AutoCloseable {
  /** What the decoder runs on, for sinks that describe their output. */
  record Context(String bundle, String fingerprint, StreamInfo eeg, StreamInfo markers) {}

  /** Opens outputs; called before the first epoch. */
  default void open(Context context) throws IOException {}

  /** One decoded epoch; called on the decoder thread. */
  void accept(DecodedEpoch result) throws Exception;

  /** After the last epoch of a forward pass: flush buffered output. */
  default void endOfBatch() throws Exception {}

  /** A short name for logs and the summary. */
  default String name() {
    return getClass().getSimpleName();
  }

  @Override
  default void close() throws IOException {}
}
