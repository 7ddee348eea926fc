package org.eegdecode.training.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.decoder.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode engine-info}: which PyTorch DJL runs on, where it was loaded from, what it can
 * use, and a tiny matmul on every device checked against plain Java: the first thing to run when
 * pointing DJL at an existing libtorch ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION},
 * {@code PYTORCH_FLAVOR}).
 */
@Command(
    name = "engine-info",
    mixinStandardHelpOptions = true,
    description = {
      "Show the deep-learning engine as JSON: engine, PyTorch version, the libtorch folder, the"
          + " PYTORCH_* environment, CUDA and cuDNN, GPU count and a 64×64 matmul per device"
          + " checked against plain Java.",
      "See docs/gpu.md for running on a GPU newer than DJL's shipped natives."
    })
final class EngineInfoCommand implements Callable<Integer> {
  /** Edge of the check's square matrices. */
  static final int N = 64;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Engine engine = Engine.getEngine(Devices.ENGINE);
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("engine", engine.getEngineName());
    out.put("version", engine.getVersion());
    out.put("djl_version", Engine.getDjlVersion());
    out.put("library_folder", LibUtils.getLibtorchPath());
    ObjectNode env = out.putObject("environment");
    for (String key :
        new String[] {
          "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "DJL_CACHE_DIR"
        }) {
      env.put(key, System.getenv(key));
    }
    out.put("cuda_capability", engine.hasCapability(StandardCapabilities.CUDA));
    out.put("cudnn_capability", engine.hasCapability(StandardCapabilities.CUDNN));
    out.put("cuda_runtime", CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null);
    int gpus = engine.getGpuCount();
    out.put("gpu_count", gpus);
    List<Device> devices = new ArrayList<>();
    devices.add(Device.cpu());
    for (int i = 0; i < gpus; i++) {
      devices.add(Device.gpu(i));
    }
    ArrayNode checks = out.putArray("devices");
    for (Device device : devices) {
      checks.add(check(engine, device));
    }
    spec.commandLine().getOut().println(json.writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** A 64×64 matmul on {@code device} against the same product in double precision. */
  static ObjectNode check(Engine engine, Device device) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("device", device.toString());
    if (device.isGpu()) {
      o.put("compute_capability", CudaUtils.getComputeCapability(device.getDeviceId()));
      MemoryUsage memory = CudaUtils.getGpuMemory(device);
      o.put("memory_mb", memory.getMax() / (1 << 20));
    }
    float[] a = new float[N * N];
    float[] b = new float[N * N];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((i * 7919) % 97 - 48) / 48f;
      b[i] = ((i * 104729) % 89 - 44) / 44f;
    }
    try (NDManager manager = engine.newBaseManager(device)) {
      NDArray x = manager.create(a, new Shape(N, N));
      NDArray y = manager.create(b, new Shape(N, N));
      x.matMul(y).toFloatArray(); // first call: kernels load
      long begin = System.nanoTime();
      float[] product = x.matMul(y).toFloatArray();
      double ms = (System.nanoTime() - begin) / 1e6;
      double maxError = 0;
      for (int r = 0; r < N; r++) {
        for (int c = 0; c < N; c++) {
          double expected = 0;
          for (int k = 0; k < N; k++) {
            expected += (double) a[r * N + k] * b[k * N + c];
          }
          maxError = Math.max(maxError, Math.abs(expected - product[r * N + c]));
        }
      }
      o.put("matmul_ms", ms);
      o.put("matmul_max_abs_error", maxError);
      o.put("ok", maxError < 1e-3);
    } catch (RuntimeException e) {
      o.put("ok", false);
      o.put("error", String.valueOf(e.getMessage()));
    }
    return o;
  }
}
