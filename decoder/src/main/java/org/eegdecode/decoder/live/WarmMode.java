package org.eegdecode.decoder.live;

import ai.djl.Device;
import java.util.Locale;
import org.eegdecode.acquisition.config.ConfigException;

/**
 * {@code decoder.warm}: whether the decoder runs its warm phase before each epoch completes.
 *
 * <p>{@code auto} (the default) warms on a GPU and not on the CPU. Measured on the 2-core CPU VM
 * (four A/B runs of 150 live RSVP epochs, {@code bench --parts live}): the warm phase made the
 * forward pass itself about 1.5× faster, but every epoch then waited for the dummy pass in flight
 * and the passes took CPU from the acquisition threads, so epoch complete → result p99 rose (e.g.
 * 3.8 → 8.7 ms) with p50 unchanged. On a GPU the pass runs on the device while it idles between
 * epochs at lower clocks (issue 13's H200 figures: paced 1.6 ms against 0.43 ms back to back).
 */
public enum WarmMode {
  AUTO,
  ON,
  OFF;

  /**
   * Parses {@code auto}, {@code on} or {@code off} (case-insensitive), naming the key otherwise.
   */
  public static WarmMode parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    switch (v) {
      case "auto":
        return AUTO;
      case "on":
      case "true":
        return ON;
      case "off":
      case "false":
        return OFF;
      default:
        throw new ConfigException("decoder.warm must be auto, on or off, got '" + value + "'");
    }
  }

  /** Whether to warm on {@code device}. */
  public boolean activeOn(Device device) {
    return this == ON || this == AUTO && !Device.Type.CPU.equals(device.getDeviceType());
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
