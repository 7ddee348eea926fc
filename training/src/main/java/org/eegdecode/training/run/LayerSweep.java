package org.eegdecode.training.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.training.data.DataSettings;
import org.eegdecode.training.data.ThingsDataset;
import org.eegdecode.training.trainer.FoldData;
import org.eegdecode.training.trainer.FoldLoader;
import org.eegdecode.training.trainer.FoldResult;
import org.eegdecode.training.trainer.TrainSettings;

/**
 * {@code eegdecode sweep-layers}: the same training with {@code router_mode=single} for each layer
 * id, then with the router, into one sweep folder; the data are read once.
 */
public final class LayerSweep {
  public static final String PLOT = "sweep.png";
  public static final String JSON_FILE = "sweep.json";

  private LayerSweep() {}

  public static ObjectNode run(Config config, PrintStream progress) throws IOException {
    DataSettings data = DataSettings.from(config);
    TrainSettings settings = TrainSettings.from(config);
    FoldLoader loader = new FoldLoader(ThingsDataset.open(data), data, true);
    RunFolder sweep =
        RunFolder.create(
            Path.of(settings.outputDir()),
            data.protocol(),
            data.subject(),
            "sweep",
            LocalDateTime.now());
    sweep.writeConfig(config);
    String inside = sweep.dir().toString();
    List<Integer> layerIds = TrainingRun.layerIds(config);
    List<Double> top1 = new ArrayList<>();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("protocol", data.protocol());
    out.put("test_mode", FoldData.testMode(data.dataAverageTest()));
    ArrayNode layers = out.putArray("layers");
    double chance = Double.NaN;
    double best = Double.NEGATIVE_INFINITY;
    int bestLayer = -1;
    for (int id : layerIds) {
      Config single =
          config.with("router_mode", "single").with("single_layer", id).with("output_dir", inside);
      TrainingRun.Outcome o = TrainingRun.run(single, "layer" + id, progress, loader);
      ObjectNode entry = layers.addObject();
      entry.put("layer", id);
      double t1 = fill(entry, o);
      top1.add(t1);
      chance = o.summary().path("chance_top1").asDouble(Double.NaN);
      if (t1 > best) {
        best = t1;
        bestLayer = id;
      }
    }
    Config routed = config.with("router_mode", "router").with("output_dir", inside);
    TrainingRun.Outcome router = TrainingRun.run(routed, "router", progress, loader);
    ObjectNode r = out.putObject("router");
    double routerTop1 = fill(r, router);
    r.set("router_weights", router.summary().get("router_weights"));
    out.put("best_layer", bestLayer);
    RunFolder.put(out, "chance_top1", chance);
    ArrayNode subjects = out.putArray("subjects");
    for (FoldResult f : router.folds()) {
      subjects.add(f.subject());
    }
    Path plot = sweep.dir().resolve(PLOT);
    Plots.sweep(layerIds, top1, routerTop1, Double.isNaN(chance) ? 0 : chance, plot);
    out.put("plot", plot.toString());
    out.put("run", sweep.dir().toString());
    RunFolder.JSON.writeValue(sweep.dir().resolve(JSON_FILE).toFile(), out);
    return out;
  }

  private static double fill(ObjectNode entry, TrainingRun.Outcome o) {
    double t1 = o.summary().path("mean_top1").asDouble(Double.NaN);
    RunFolder.put(entry, "top1", t1);
    RunFolder.put(entry, "top5", o.summary().path("mean_top5").asDouble(Double.NaN));
    RunFolder.put(
        entry,
        "test_selected_top1",
        o.summary().path("mean_test_selected_top1").asDouble(Double.NaN));
    entry.put("run", o.dir().toString());
    return t1;
  }
}
