package org.eegdecode.acquisition.live;

import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.session.SessionRecorder;

/**
 * Where epochs come from: live LSL streams or a recorded session; starts an {@link Acquisition}.
 */
public interface AcquisitionSource {
  /**
   * Starts the input with {@code epochConsumers} on the epoch ring.
   *
   * @param spec the epoch contract (a model bundle's), or null for the configuration's
   * @param recorder records every sample-ring event, or null
   * @throws IOException a stream or recording that cannot be found or opened
   * @throws IllegalArgumentException an EEG stream that cannot serve the spec (rate, channels)
   */
  Acquisition start(
      Config config,
      EpochSpec spec,
      SessionRecorder recorder,
      EventHandler<? super EpochEvent>[] epochConsumers)
      throws IOException;

  /** For logs: what this source reads. */
  String describe();
}
