package org.eegdecode.decoder.model;

import java.util.Locale;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * How the image branch combines the feature bank's layers (config key {@code router_mode}).
 *
 * <ul>
 *   <li>{@link #ROUTER}: softmax over learned global layer logits plus a per-subject bias
 *       (training) or the global prior alone (inference);
 *   <li>{@link #UNIFORM}: the plain mean over layers, no learned weights;
 *   <li>{@link #SINGLE}: only the layer {@code single_layer}.
 * </ul>
 */
public enum RouterMode {
  ROUTER,
  UNIFORM,
  SINGLE;

  /** {@code router}, {@code uniform} or {@code single} (case-insensitive). */
  public static RouterMode parse(String text) {
    if (text != null) {
      for (RouterMode mode : values()) {
        if (mode.name().equalsIgnoreCase(text.trim())) {
          return mode;
        }
      }
    }
    throw new ConfigException("router_mode must be router, uniform or single, got '" + text + "'");
  }

  /** The configuration spelling ({@code router}, {@code uniform}, {@code single}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
