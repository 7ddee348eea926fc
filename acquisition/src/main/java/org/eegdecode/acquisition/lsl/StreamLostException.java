package org.eegdecode.acquisition.lsl;

import java.io.IOException;

/** The outlet behind an inlet is gone (reported only by inlets opened with recovery off). */
public final class StreamLostException extends IOException {
  public StreamLostException(String message) {
    super(message);
  }
}
