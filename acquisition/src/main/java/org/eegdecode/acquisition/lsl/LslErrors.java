package org.eegdecode.acquisition.lsl;

/** liblsl's error codes. */
final class LslErrors {
  static final int NO_ERROR = 0;
  static final int TIMEOUT = -1;
  static final int LOST = -2;
  static final int ARGUMENT = -3;
  static final int INTERNAL = -4;

  private LslErrors() {}

  static String describe(int ec) {
    return switch (ec) {
      case NO_ERROR -> "no error";
      case TIMEOUT -> "timed out";
      case LOST -> "stream lost";
      case ARGUMENT -> "invalid argument";
      case INTERNAL -> "internal error in liblsl";
      default -> "error " + ec;
    };
  }
}
