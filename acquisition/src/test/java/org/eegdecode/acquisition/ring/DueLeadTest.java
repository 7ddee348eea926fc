package org.eegdecode.acquisition.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.lmax.disruptor.EventHandler;
import java.util.List;
import org.eegdecode.acquisition.epoch.DueHintConsumer;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.junit.jupiter.api.Test;

/** Hints go out only when every epoch consumer can tell them from epochs. */
class DueLeadTest {
  private static final class Aware implements EventHandler<EpochEvent>, DueHintConsumer {
    private final double lead;

    Aware(double lead) {
      this.lead = lead;
    }

    @Override
    public void onEvent(EpochEvent event, long sequence, boolean endOfBatch) {}

    @Override
    public double dueLeadSeconds() {
      return lead;
    }
  }

  @Test
  void theLargestLeadWhenAllConsumersAreAwareElseNone() {
    EventHandler<EpochEvent> plain = (e, s, b) -> {};
    assertEquals(0.008, AcquisitionPipeline.dueLead(List.of(new Aware(0.005), new Aware(0.008))));
    assertEquals(0, AcquisitionPipeline.dueLead(List.of(new Aware(0.005), plain)));
    assertEquals(0, AcquisitionPipeline.dueLead(List.of()));
  }
}
