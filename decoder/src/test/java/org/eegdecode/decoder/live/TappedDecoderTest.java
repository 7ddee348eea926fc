package org.eegdecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.junit.jupiter.api.Test;

/** Sinks that are {@link EpochTap}s see each epoch on the decoder thread, after the decoder. */
class TappedDecoderTest {
  static final class Recorder implements ResultSink, EpochTap {
    final List<String> calls = new ArrayList<>();
    boolean fail;

    @Override
    public void accept(DecodedEpoch result) {
      calls.add("result " + result.epochIndex());
    }

    @Override
    public void onEpoch(EpochEvent epoch) {
      calls.add("epoch " + epoch.epochIndex());
      if (fail) {
        throw new IllegalStateException("broken view");
      }
    }
  }

  @Test
  void tapsFollowTheDecoderAndABrokenTapDoesNotStopDecoding() throws Exception {
    Recorder recorder = new Recorder();
    try (LiveDecoder decoder = LiveDecoderTest.decoder(DecoderSettings.defaults(), recorder)) {
      assertSame(decoder, TappedDecoder.around(decoder, List.of()));
      assertSame(decoder, TappedDecoder.around(decoder, List.of(new LiveDecoderTest.Collect())));
      var tapped = TappedDecoder.around(decoder, List.of(recorder));
      List<EpochEvent> in = LiveDecoderTest.events(3);
      for (int i = 0; i < 3; i++) {
        tapped.onEvent(in.get(i), i, i == 2); // one ring batch of three
      }
      // the batch is decoded when its last epoch arrives, before that epoch's tap
      assertEquals(
          List.of("epoch 0", "epoch 1", "result 0", "result 1", "result 2", "epoch 2"),
          recorder.calls);
      recorder.fail = true;
      recorder.calls.clear();
      List<EpochEvent> more = LiveDecoderTest.events(2);
      tapped.onEvent(more.get(0), 3, true);
      tapped.onEvent(more.get(1), 4, true);
      assertEquals(List.of("result 0", "epoch 0", "result 1", "epoch 1"), recorder.calls);
      assertEquals(5, decoder.decoded());
      assertEquals(0, decoder.sinkErrors());
    }
  }
}
