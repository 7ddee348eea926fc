package org.eegdecode.training.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.eegdecode.acquisition.testing.PythonNumpy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfoNCE, MMD, their gradients and the staged total against an independent float64 numpy
 * implementation ({@code loss_reference.py}), to 1e-5.
 */
class LossReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float[] BANDWIDTHS = {0.1f, 0.2f, 0.5f, 1f, 2f};
  private static final LossSettings SETTINGS = new LossSettings(20, 0.9f, 0.2f, BANDWIDTHS);
  private static final int[] EPOCHS = {1, 2, 10, 19, 20, 21, 50};
  private static final String ENGINE = "PyTorch";

  @TempDir static Path tmp;

  private static ObjectNode spec;
  private static JsonNode reference;

  /** One test input: rows of both sides L2-normalised, as the model produces them. */
  private record Case(
      String name, float[] x, int n, float[] y, int m, int dim, float scale, float[] bandwidths) {}

  private static final Case[] CASES = {
    paired("paired8", 8, 6, 1 / 0.07f, BANDWIDTHS, 0f, 0f, 1),
    paired("correlated16", 16, 32, 1f, BANDWIDTHS, 0.3f, 0f, 2),
    paired("shifted6", 6, 5, 5f, BANDWIDTHS, 0f, 1.5f, 3),
    paired("narrow10", 10, 8, 20f, new float[] {1f}, 0f, 0.8f, 4),
    paired("identical6", 6, 4, 1 / 0.07f, BANDWIDTHS, -1f, 0f, 5),
    new Case("unequal7x5", shifted(6, 7, 4, 0f), 7, shifted(7, 5, 4, 1.5f), 5, 4, 1f, BANDWIDTHS),
  };

  /**
   * y = normalise(x + noise · N(0, 1)) when noise > 0, an independent set shifted by {@code shift}
   * along the first axis when noise = 0, and a copy of x when noise < 0.
   */
  private static Case paired(
      String name, int n, int dim, float scale, float[] bw, float noise, float shift, long seed) {
    float[] x = shifted(seed, n, dim, 0f);
    float[] y;
    if (noise > 0) {
      float[] e = gaussian(seed + 100, n * dim);
      y = new float[n * dim];
      for (int i = 0; i < y.length; i++) {
        y[i] = x[i] + noise * e[i];
      }
      y = normalised(y, dim);
    } else if (noise < 0) {
      y = x.clone();
    } else {
      y = shifted(seed + 100, n, dim, shift);
    }
    return new Case(name, x, n, y, n, dim, scale, bw);
  }

  /** n unit rows: standard normal vectors moved by {@code shift} along the first axis. */
  private static float[] shifted(long seed, int n, int dim, float shift) {
    float[] raw = gaussian(seed, n * dim);
    for (int i = 0; i < n; i++) {
      raw[i * dim] += shift;
    }
    return normalised(raw, dim);
  }

  private static float[] gaussian(long seed, int count) {
    Random random = new Random(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private static float[] normalised(float[] v, int dim) {
    float[] out = v.clone();
    for (int o = 0; o < out.length; o += dim) {
      double s = 0;
      for (int j = 0; j < dim; j++) {
        s += (double) out[o + j] * out[o + j];
      }
      float inv = (float) (1 / Math.sqrt(s));
      for (int j = 0; j < dim; j++) {
        out[o + j] *= inv;
      }
    }
    return out;
  }

  private static ArrayNode matrix(float[] values, int rows, int dim) {
    ArrayNode out = JSON.createArrayNode();
    for (int r = 0; r < rows; r++) {
      ArrayNode row = out.addArray();
      for (int j = 0; j < dim; j++) {
        row.add((double) values[r * dim + j]); // exact: the double of the float
      }
    }
    return out;
  }

  @BeforeAll
  static void runNumpy() throws IOException {
    spec = JSON.createObjectNode();
    ObjectNode schedule = spec.putObject("schedule");
    schedule.put("stage1_epochs", SETTINGS.stage1Epochs());
    schedule.put("mmd_start", (double) SETTINGS.mmdStart());
    schedule.put("mmd_end", (double) SETTINGS.mmdEnd());
    ArrayNode epochs = schedule.putArray("epochs");
    for (int e : EPOCHS) {
      epochs.add(e);
    }
    ArrayNode cases = spec.putArray("cases");
    for (Case c : CASES) {
      ObjectNode node = cases.addObject();
      node.put("name", c.name());
      node.set("eeg", matrix(c.x(), c.n(), c.dim()));
      node.set("img", matrix(c.y(), c.m(), c.dim()));
      node.put("scale", (double) c.scale());
      ArrayNode bw = node.putArray("bandwidths");
      for (float b : c.bandwidths()) {
        bw.add((double) b);
      }
    }
    Path input = tmp.resolve("loss_input.json");
    JSON.writeValue(input.toFile(), spec);
    reference =
        JSON.readTree(
            PythonNumpy.run(PythonNumpy.any(), "/python/loss_reference.py", input.toString()));
    assertTrue(Files.size(input) > 0);
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
  }

  private static void assertClose(JsonNode expected, float[] actual, String what) {
    int dim = expected.get(0).size();
    assertEquals(expected.size() * dim, actual.length, what);
    for (int r = 0; r < expected.size(); r++) {
      for (int j = 0; j < dim; j++) {
        assertClose(
            expected.get(r).get(j).asDouble(),
            actual[r * dim + j],
            what + "[" + r + "][" + j + "]");
      }
    }
  }

  /** Loss value and gradients (x, y, scale) of one evaluation on fresh leaf arrays. */
  private record Result(float value, float[] gx, float[] gy, float gs) {}

  private static Result evaluate(Case c, Function<NDArray[], NDArray> loss) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
      NDArray x = m.create(c.x(), new Shape(c.n(), c.dim()));
      NDArray y = m.create(c.y(), new Shape(c.m(), c.dim()));
      NDArray s = m.create(c.scale());
      for (NDArray a : new NDArray[] {x, y, s}) {
        a.setRequiresGradient(true);
      }
      float value;
      try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
        NDArray l = loss.apply(new NDArray[] {x, y, s});
        assertEquals(new Shape(), l.getShape(), "a scalar loss");
        value = l.getFloat();
        collector.backward(l);
      }
      return new Result(
          value,
          x.getGradient().toFloatArray(),
          y.getGradient().toFloatArray(),
          s.getGradient().getFloat());
    }
  }

  @Test
  void infoNceAndItsGradientsMatchNumpy() {
    int checked = 0;
    for (Case c : CASES) {
      if (c.n() != c.m()) {
        continue;
      }
      JsonNode ref = reference.get("cases").get(c.name());
      Result r = evaluate(c, a -> Losses.infoNce(a[0], a[1], a[2]));
      assertClose(ref.get("infonce").asDouble(), r.value(), c.name() + " InfoNCE");
      assertClose(ref.get("infonce_grad_eeg"), r.gx(), c.name() + " dInfoNCE/deeg");
      assertClose(ref.get("infonce_grad_img"), r.gy(), c.name() + " dInfoNCE/dimg");
      assertClose(ref.get("infonce_grad_scale").asDouble(), r.gs(), c.name() + " dInfoNCE/dscale");
      checked++;
    }
    assertEquals(5, checked);
    // Perfectly aligned pairs at a large scale cost almost nothing; InfoNCE of random pairs ~ log
    // B.
    JsonNode random = reference.get("cases").get("paired8");
    assertTrue(random.get("infonce").asDouble() > 0.5);
  }

  @Test
  void mmdAndItsGradientsMatchNumpy() {
    for (Case c : CASES) {
      JsonNode ref = reference.get("cases").get(c.name());
      Result r = evaluate(c, a -> Losses.mmd(a[0], a[1], c.bandwidths()));
      assertClose(ref.get("mmd").asDouble(), r.value(), c.name() + " MMD");
      assertClose(ref.get("mmd_grad_x"), r.gx(), c.name() + " dMMD/dx");
      assertClose(ref.get("mmd_grad_y"), r.gy(), c.name() + " dMMD/dy");
    }
    // The cases cover both sides of the clamp.
    assertTrue(reference.get("cases").get("identical6").get("mmd_raw").asDouble() < 0);
    assertEquals(0.0, reference.get("cases").get("identical6").get("mmd").asDouble());
    assertTrue(reference.get("cases").get("shifted6").get("mmd_raw").asDouble() > 0.05);
    assertTrue(reference.get("cases").get("unequal7x5").get("mmd_raw").asDouble() > 0.05);
  }

  @Test
  void stagedTotalMatchesNumpy() {
    for (Case c : CASES) {
      if (c.n() != c.m()) {
        continue;
      }
      JsonNode total = reference.get("cases").get(c.name()).get("total");
      for (int epoch : EPOCHS) {
        Result r = evaluate(c, a -> Losses.total(a[0], a[1], a[2], epoch, withBandwidths(c)));
        assertClose(total.get("" + epoch).asDouble(), r.value(), c.name() + " epoch " + epoch);
      }
    }
    for (int epoch : EPOCHS) {
      assertClose(
          reference.get("weights").get("" + epoch).asDouble(),
          Losses.mmdWeight(epoch, 20, 0.9f, 0.2f),
          "weight at epoch " + epoch);
    }
  }

  private static LossSettings withBandwidths(Case c) {
    return new LossSettings(
        SETTINGS.stage1Epochs(), SETTINGS.mmdStart(), SETTINGS.mmdEnd(), c.bandwidths());
  }
}
