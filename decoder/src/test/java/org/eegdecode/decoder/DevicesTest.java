package org.eegdecode.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.eegdecode.acquisition.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads offline from the Maven natives and computes on the chosen device. */
class DevicesTest {
  @Test
  void engineRunsOfflineFromMavenNatives() {
    assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run DJL offline");
    Engine engine = Engine.getEngine(Devices.ENGINE);
    assertEquals("2.5.1", engine.getVersion());
    Device device = Devices.resolve("auto");
    try (NDManager manager = NDManager.newBaseManager(device, Devices.ENGINE)) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
      assertArrayEquals(new float[] {19, 22, 43, 50}, a.matMul(b).toFloatArray());
      assertEquals(device, a.getDevice());
    }
  }

  @Test
  void deviceKeyIsChecked() {
    assertEquals(Device.cpu(), Devices.resolve("cpu"));
    assertThrows(ConfigException.class, () -> Devices.resolve("tpu"));
    if (Engine.getEngine(Devices.ENGINE).getGpuCount() == 0) {
      assertThrows(ConfigException.class, () -> Devices.resolve("gpu"));
    } else {
      assertEquals(Device.gpu(), Devices.resolve("gpu"));
    }
  }
}
