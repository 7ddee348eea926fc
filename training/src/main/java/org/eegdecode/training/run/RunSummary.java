package org.eegdecode.training.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.training.eval.Retrieval;
import org.eegdecode.training.eval.TestModes;

/**
 * The one JSON line {@code train} and {@code evaluate} print. Accuracies are fractions in [0, 1];
 * {@code top1}/{@code top5} are the headline figures in the configured test mode, of the shipped
 * model (refit or validation-selected); {@code single_trial_*}, {@code embedding_averaged_*} and
 * {@code eeg_averaged_*} the same model in each test mode, labelled; {@code test_selected_top1} the
 * best test top-1 over evaluations (an upper bound, like published numbers).
 */
public final class RunSummary {
  /** One fold's line of the summary. */
  public record Subject(
      int subject,
      Retrieval.Result test,
      TestModes testModes,
      double testSelectedTop1,
      int selectedEpoch,
      String selection,
      float[] routerWeights) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunSummary() {}

  public static ObjectNode build(
      String protocol,
      String testMode,
      List<Integer> layerIds,
      List<Subject> subjects,
      Path run,
      List<Path> bundles) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("protocol", protocol);
    o.put("test_mode", testMode);
    ArrayNode list = o.putArray("subjects");
    double s1 = 0;
    double s5 = 0;
    double st = 0;
    int nWay = 0;
    Map<String, Double> modeSums = new LinkedHashMap<>();
    String selection = null;
    float[] meanRouter = new float[layerIds.size()];
    for (Subject s : subjects) {
      ObjectNode e = list.addObject();
      e.put("subject", s.subject());
      RunFolder.put(e, "top1", s.test().top1());
      RunFolder.put(e, "top5", s.test().top5());
      RunFolder.put(e, "test_selected_top1", s.testSelectedTop1());
      s.testModes().put(e);
      ObjectNode modes = JsonNodeFactory.instance.objectNode();
      s.testModes().put(modes);
      for (Iterator<String> it = modes.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!key.endsWith("_queries")) {
          modeSums.merge(key, modes.get(key).asDouble(Double.NaN), Double::sum);
        }
      }
      e.put("selected_epoch", s.selectedEpoch());
      e.put("selection", s.selection());
      selection = selection == null || selection.equals(s.selection()) ? s.selection() : "mixed";
      ArrayNode r = e.putArray("router_weights");
      for (int i = 0; i < s.routerWeights().length; i++) {
        r.add(s.routerWeights()[i]);
        if (i < meanRouter.length) {
          meanRouter[i] += s.routerWeights()[i] / subjects.size();
        }
      }
      s1 += s.test().top1();
      s5 += s.test().top5();
      st += s.testSelectedTop1();
      nWay = s.test().candidates();
    }
    int n = Math.max(1, subjects.size());
    RunFolder.put(o, "mean_top1", s1 / n);
    RunFolder.put(o, "mean_top5", s5 / n);
    RunFolder.put(o, "mean_test_selected_top1", st / n);
    modeSums.forEach((key, sum) -> RunFolder.put(o, "mean_" + key, sum / n));
    o.put("n_way", nWay);
    RunFolder.put(o, "chance_top1", nWay > 0 ? 1.0 / nWay : Double.NaN);
    o.put("selection", selection == null ? "validation" : selection);
    ArrayNode layers = o.putArray("layer_ids");
    layerIds.forEach(layers::add);
    ArrayNode router = o.putArray("router_weights");
    for (float w : meanRouter) {
      router.add(w);
    }
    o.put("run", run == null ? null : run.toString());
    o.put("bundle", bundles.isEmpty() ? null : bundles.get(0).toString());
    ArrayNode b = o.putArray("bundles");
    bundles.forEach(p -> b.add(p.toString()));
    return o;
  }

  /** The compact one-line form. */
  public static String line(ObjectNode summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
