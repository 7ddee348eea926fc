package org.eegdecode.acquisition.epoch;

/**
 * An epoch-ring consumer that understands due hints ({@link EpochEvent#isDueHint()}): events the
 * epocher publishes shortly before a pending epoch completes, so that the consumer can get ready
 * (the live decoder runs one dummy forward pass, waking the device and pulling the weights into
 * cache). The pipeline publishes hints only when every epoch consumer implements this interface, so
 * consumers that do not know about hints never see one.
 */
public interface DueHintConsumer {
  /** How long before an epoch completes to be told; 0 or less: no hints. */
  double dueLeadSeconds();
}
