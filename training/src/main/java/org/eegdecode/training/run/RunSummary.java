package org.eegdecode.training.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.eegdecode.training.eval.Retrieval;

/**
 * The one JSON line {@code train} and {@code evaluate} print. Accuracies are fractions in [0, 1];
 * {@code top1}/{@code top5} are the validation-selected (headline) figures and {@code
 * test_selected_top1} the best test top-1 over evaluations (an upper bound, like published
 * numbers).
 */
public final class RunSummary {
  /** One fold's line of the summary. */
  public record Subject(
      int subject,
      Retrieval.Result test,
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
    float[] meanRouter = new float[layerIds.size()];
    for (Subject s : subjects) {
      ObjectNode e = list.addObject();
      e.put("subject", s.subject());
      RunFolder.put(e, "top1", s.test().top1());
      RunFolder.put(e, "top5", s.test().top5());
      RunFolder.put(e, "test_selected_top1", s.testSelectedTop1());
      e.put("selected_epoch", s.selectedEpoch());
      e.put("selection", s.selection());
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
    o.put("n_way", nWay);
    RunFolder.put(o, "chance_top1", nWay > 0 ? 1.0 / nWay : Double.NaN);
    o.put("selection", "validation");
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
