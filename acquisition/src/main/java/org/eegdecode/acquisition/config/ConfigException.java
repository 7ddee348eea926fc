package org.eegdecode.acquisition.config;

/** A configuration file, key or value the user gave is wrong; the message names it. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
