package org.eegdecode.acquisition.npy;

import java.io.IOException;

/**
 * A {@code .npy}, {@code .npz} or numpy pickle that cannot be read. The message is one line that
 * starts with the file (or source) it came from and says what is wrong with it, so that it can be
 * shown to a user as is.
 */
public class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A message that already names the file, e.g. {@code "<path>: truncated data"}. */
  public NpyFormatException(String message) {
    super(oneLine(message));
  }

  /** A message that already names the file, with the low-level cause kept for debugging. */
  public NpyFormatException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** {@code "<source>: <problem>"}. */
  static NpyFormatException of(String source, String problem) {
    return new NpyFormatException(source + ": " + problem);
  }

  private static String oneLine(String message) {
    return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
