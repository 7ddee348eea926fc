package org.eegdecode.acquisition.lsl;

import java.io.IOException;
import java.util.List;

/** No stream matched a query in time; the message lists the streams that were visible instead. */
public final class StreamNotFoundException extends IOException {
  private final StreamQuery query;
  private final List<StreamInfo> found;

  public StreamNotFoundException(String message, StreamQuery query, List<StreamInfo> found) {
    super(message);
    this.query = query;
    this.found = List.copyOf(found);
  }

  public StreamQuery query() {
    return query;
  }

  /** The streams visible on the network when the resolve gave up. */
  public List<StreamInfo> found() {
    return found;
  }
}
