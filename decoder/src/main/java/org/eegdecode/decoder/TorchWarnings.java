package org.eegdecode.decoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.FloatBuffer;

/**
 * DJL 0.32's JNI implements {@code NDArray.set(Buffer)} (used when parameters are loaded or
 * restored) under PyTorch's deprecated {@code AutoNonVariableTypeMode} guard, whose {@code
 * TORCH_WARN_ONCE} prints a five-line deprecation notice on native stderr the first time, in the
 * middle of a command's output. It concerns DJL's code, not the user's, and libtorch has no switch
 * for it ({@code TORCH_CPP_LOG_LEVEL} is read only by Python's torch). So the one warning is
 * consumed up front: one tiny {@code set} runs while the process's stderr (file descriptor 2)
 * points at /dev/null, before any other thread writes there. Later calls are silent because the
 * warning is once per process. The GPU payload's patched JNI uses the replacement guard and never
 * prints it.
 */
final class TorchWarnings {
  private static boolean consumed;

  private interface LibC extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  private TorchWarnings() {}

  static synchronized void consumeOnce() {
    if (consumed) {
      return;
    }
    consumed = true;
    if (Platform.isWindows()) {
      return;
    }
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError e) {
      return; // no C library to redirect with: the warning simply shows
    }
    System.err.flush();
    int saved = libc.dup(2);
    int devNull = libc.open("/dev/null", 1); // O_WRONLY
    if (saved < 0 || devNull < 0) {
      closeAll(libc, saved, devNull);
      return;
    }
    try {
      libc.dup2(devNull, 2);
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
          NDArray array = manager.zeros(new Shape(1))) {
        array.set(FloatBuffer.wrap(new float[] {0f}));
      }
    } finally {
      libc.dup2(saved, 2);
      closeAll(libc, saved, devNull);
    }
  }

  private static void closeAll(LibC libc, int... fds) {
    for (int fd : fds) {
      if (fd >= 0) {
        libc.close(fd);
      }
    }
  }
}
