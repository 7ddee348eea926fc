package org.eegdecode.decoder.live;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.epoch.DueHintConsumer;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder followed by the sinks' {@link EpochTap}s on the same consumer thread: each epoch goes
 * to {@link LiveDecoder#onEvent} first (so the result of the ring batch's last epoch is not delayed
 * by the taps), then to every tap. A separate consumer would gate the epocher and cost a thread.
 */
final class TappedDecoder implements EventHandler<EpochEvent>, DueHintConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(TappedDecoder.class);
  private final LiveDecoder decoder;
  private final EpochTap[] taps;
  private final boolean[] failed;

  private TappedDecoder(LiveDecoder decoder, EpochTap[] taps) {
    this.decoder = decoder;
    this.taps = taps;
    this.failed = new boolean[taps.length];
  }

  /** The decoder itself when no sink is a tap, else the decoder followed by the taps. */
  static EventHandler<EpochEvent> around(LiveDecoder decoder, List<ResultSink> sinks) {
    List<EpochTap> taps = new ArrayList<>();
    for (ResultSink sink : sinks) {
      if (sink instanceof EpochTap tap) {
        taps.add(tap);
      }
    }
    return taps.isEmpty() ? decoder : new TappedDecoder(decoder, taps.toArray(new EpochTap[0]));
  }

  @Override
  public void onEvent(EpochEvent event, long sequence, boolean endOfBatch) {
    decoder.onEvent(event, sequence, endOfBatch);
    if (event.isDueHint()) {
      return; // no epoch in it: nothing for the taps
    }
    for (int i = 0; i < taps.length; i++) {
      try {
        taps[i].onEpoch(event);
      } catch (RuntimeException e) {
        if (!failed[i]) {
          failed[i] = true; // a broken view must not stop decoding; say so once
          LOG.error(
              "epoch tap {} failed (further failures are ignored): {}", taps[i], e.toString());
        }
      }
    }
  }

  @Override
  public double dueLeadSeconds() {
    return decoder.dueLeadSeconds();
  }

  @Override
  public void onBatchStart(long batchSize, long queueDepth) {
    decoder.onBatchStart(batchSize, queueDepth);
  }

  @Override
  public void onStart() {
    decoder.onStart();
  }

  @Override
  public void onShutdown() {
    decoder.onShutdown();
  }

  @Override
  public void onTimeout(long sequence) throws Exception {
    decoder.onTimeout(sequence);
  }

  @Override
  public void setSequenceCallback(Sequence sequenceCallback) {
    decoder.setSequenceCallback(sequenceCallback);
  }
}
