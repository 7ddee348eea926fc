package org.eegdecode.decoder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.eegdecode.acquisition.config.ConfigException;

/** Maps the configuration's {@code device} key to a DJL device on the PyTorch engine. */
public final class Devices {
  public static final String ENGINE = "PyTorch";

  private Devices() {}

  /**
   * {@code auto}: the first GPU when DJL sees one, else the CPU; {@code cpu}; {@code gpu} (an error
   * when no GPU is visible, rather than a silent fall-back to a 50× slower CPU run).
   */
  public static Device resolve(String device) {
    TorchWarnings.consumeOnce();
    int gpus = Engine.getEngine(ENGINE).getGpuCount();
    switch (device) {
      case "auto":
        return gpus > 0 ? Device.gpu() : Device.cpu();
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (gpus == 0) {
          throw new ConfigException(
              "device=gpu but the PyTorch engine sees no GPU (build with -Pcuda on a CUDA machine,"
                  + " or use device=auto)");
        }
        return Device.gpu();
      default:
        throw new ConfigException("device must be auto, cpu or gpu, got '" + device + "'");
    }
  }
}
