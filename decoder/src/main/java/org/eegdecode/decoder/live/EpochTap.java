package org.eegdecode.decoder.live;

import org.eegdecode.acquisition.epoch.EpochEvent;

/**
 * A {@link ResultSink} that also wants the epochs themselves (the model's channels at the model
 * rate, as the decoder saw them), e.g. to draw traces. {@link LiveDecoding} calls {@link #onEpoch}
 * on the decoder thread right after the decoder took each epoch off the epoch ring, so the tap adds
 * no consumer (and no gating sequence) to either ring; the slot is reused afterwards, so copy what
 * you keep. Must neither block nor allocate: it runs on the decoding path.
 */
public interface EpochTap {
  /** One epoch the decoder just took (and, at the end of a ring batch, already decoded). */
  void onEpoch(EpochEvent epoch);
}
