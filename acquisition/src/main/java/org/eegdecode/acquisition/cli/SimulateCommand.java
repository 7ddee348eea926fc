package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.config.ConfigException;
import org.eegdecode.acquisition.ingest.MarkerIngest;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatedSignal;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.acquisition.sim.TrialSchedule;
import org.eegdecode.acquisition.stimulus.MarkerConvention;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.acquisition.stimulus.StimulusSettings;
import org.eegdecode.acquisition.things.ImageMetadata;
import org.eegdecode.acquisition.things.ThingsEegFile;
import org.eegdecode.acquisition.things.ThingsFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode simulate [DATASET] [key=value…]}: an amplifier and a stimulus program on LSL,
 * streaming one subject's split of a THINGS-format dataset.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Stream a THINGS-format dataset split as live LSL EEG + marker outlets (an amplifier"
          + " simulator).",
      "Keys of the simulate section, bare or dotted: split, subject, native_rate, soa, trials,"
          + " eeg_name, marker_name, source_id, chunk_ms, lead_s, jitter_ms, clock_offset_s,"
          + " marker_lag_ms, duplicate_markers, dropouts, outage_at_s, outage_s, extra_channels, shuffle_channels,"
          + " seed, wait_for_consumers_s, marker_format, marker_convention, catch_every.",
      "Markers name each image as marker_convention says (concept_file, code, concept,"
          + " bare_concept, file, mapping: a marker of stimulus.mapping) on a marker stream of"
          + " channel format marker_format (string, int8 … int64, float32, double64)."
    })
public final class SimulateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "[DATASET] [key=value]",
      description = "Dataset folder (default: dataset_dir), then overrides.")
  List<String> arguments;

  @Override
  public Integer call() throws IOException {
    List<String> overrides = new ArrayList<>();
    for (String argument : arguments == null ? List.<String>of() : arguments) {
      overrides.add(argument.contains("=") ? argument : "dataset_dir=" + argument);
    }
    Config config = configOptions.load("simulate", overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = build(config, settings);
    AmplifierSimulator.Summary summary = simulator.run();
    ObjectNode out = JSON.createObjectNode();
    out.put("eeg_stream", settings.eegName());
    out.put("marker_stream", settings.markerName());
    out.put("native_rate", settings.nativeRate());
    out.put("soa", settings.soa());
    out.put("marker_format", settings.markerFormat());
    out.put("marker_convention", settings.markerConvention());
    out.put("markers_sent", summary.markersSent());
    out.put("duplicate_markers_sent", summary.duplicatesSent());
    out.put("catch_markers_sent", summary.catchMarkersSent());
    out.put("samples_sent", summary.samplesSent());
    out.put("samples_dropped", summary.samplesDropped());
    out.put("samples_lost_in_outage", summary.samplesLostInOutage());
    out.put("seconds", Math.round(summary.seconds() * 1000) / 1000.0);
    summary.channelLabels().forEach(out.putArray("channels")::add);
    spec.commandLine().getOut().println(JSON.writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The first mapped marker, the first number among them for a numeric stream; null: none. */
  private static String mapped(List<String> markers, boolean numeric) {
    for (String m : markers) {
      if (!numeric || !Double.isNaN(MarkerIngest.parseNumber(m))) {
        return m;
      }
    }
    return markers.isEmpty() ? null : markers.get(0);
  }

  /** The simulator for a configuration: reads the split and the metadata named by the config. */
  public static AmplifierSimulator build(Config config, SimulatorSettings settings)
      throws IOException {
    Path root = Path.of(config.getString("dataset_dir"));
    Path file =
        root.resolve(ThingsFormat.subjectDir(settings.subject(), config.getString("eeg_suffix")))
            .resolve(
                settings.training() ? ThingsFormat.TRAINING_EEG_FILE : ThingsFormat.TEST_EEG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": EEG file to simulate not found");
    }
    ThingsEegFile eeg = ThingsEegFile.read(file);
    double[] times = eeg.times();
    double sourceRate = times.length > 1 ? 1.0 / (times[1] - times[0]) : ThingsFormat.RATE_HZ;
    sourceRate = Math.round(sourceRate * 1e6) / 1e6;
    TrialSchedule schedule =
        new TrialSchedule(
            eeg.images(), eeg.repetitions(), settings.trials(), settings.soa(), settings.seed());
    SimulatedSignal signal =
        new SimulatedSignal(
            eeg,
            sourceRate,
            settings.nativeRate(),
            schedule,
            settings.extraChannels(),
            settings.shuffleChannels(),
            settings.seed());
    StimulusSettings stimuli = StimulusSettings.from(config);
    String catchMarker = null;
    if (settings.catchEvery() > 0) {
      if (stimuli.catchCodes().isEmpty()) {
        throw new ConfigException(
            "simulate.catch_every = " + settings.catchEvery() + " but stimulus.catch_codes is []");
      }
      catchMarker = Long.toString(stimuli.catchCodes().get(0));
    }
    return new AmplifierSimulator(
        signal, markerTexts(root, eeg, settings, config), catchMarker, settings);
  }

  /**
   * The marker per dataset image in {@code simulate.marker_convention}, written as a stimulus
   * program following it would send it ({@link StimulusResolver#markerFor}) for the split's image
   * list from image_metadata.npy. Without that file only {@code code} and {@code concept_file} work
   * ({@code image-N} then).
   */
  static List<String> markerTexts(
      Path root, ThingsEegFile eeg, SimulatorSettings settings, Config config) throws IOException {
    Path metadataFile = root.resolve(ThingsFormat.METADATA_FILE);
    MarkerConvention convention = settings.convention();
    List<String> texts = new ArrayList<>(eeg.images());
    if (!Files.isRegularFile(metadataFile)) {
      if (convention != MarkerConvention.CODE && convention != MarkerConvention.CONCEPT_FILE) {
        throw new IOException(
            metadataFile
                + ": not found, and simulate.marker_convention = "
                + convention.key()
                + " needs the image names");
      }
      for (int i = 0; i < eeg.images(); i++) {
        texts.add(convention == MarkerConvention.CODE ? Integer.toString(i + 1) : "image-" + i);
      }
      return texts;
    }
    ImageMetadata metadata = ImageMetadata.read(metadataFile);
    List<String> concepts = metadata.concepts(settings.training());
    List<String> files = metadata.files(settings.training());
    if (concepts.size() != eeg.images()) {
      throw new IOException(
          eeg.file()
              + ": "
              + eeg.images()
              + " images but "
              + metadataFile
              + " lists "
              + concepts.size());
    }
    // Only the mapping convention needs a resolver (and its checks); the others are spelled out.
    StimulusResolver resolver =
        convention == MarkerConvention.MAPPING
            ? StimulusResolver.fromConfig(config, concepts, files)
            : null;
    for (int i = 0; i < concepts.size(); i++) {
      String text =
          resolver != null
              ? mapped(resolver.mappedMarkers(i), settings.numericMarkers())
              : StimulusResolver.markerFor(concepts.get(i), files.get(i), i, convention);
      if (text == null) {
        throw new ConfigException(
            "simulate.marker_convention = mapping, but no marker of stimulus.mapping names image "
                + (i + 1)
                + " ("
                + concepts.get(i)
                + "/"
                + files.get(i)
                + ")");
      }
      if (settings.numericMarkers() && Double.isNaN(MarkerIngest.parseNumber(text))) {
        throw new ConfigException(
            "simulate.marker_format = "
                + settings.markerFormat()
                + " carries numbers, but the marker for image "
                + (i + 1)
                + " is '"
                + text
                + "'");
      }
      texts.add(text);
    }
    return texts;
  }
}
