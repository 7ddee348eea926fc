package org.eegdecode.acquisition.bids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.session.SessionFormat;
import org.eegdecode.acquisition.session.SessionReader;
import org.eegdecode.acquisition.session.SessionStream;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.acquisition.session.XdfImport;
import org.eegdecode.acquisition.stimulus.Resolution;
import org.eegdecode.acquisition.stimulus.Stimulus;
import org.eegdecode.acquisition.stimulus.StimulusResolver;

/**
 * Exports a recorded session, or an XDF file, as one EEG recording of a BIDS dataset:
 *
 * <pre>
 * ROOT/dataset_description.json  README  CHANGES  participants.tsv      (created once, then kept)
 * ROOT/sub-S/[ses-X/]eeg/sub-S[_ses-X]_task-T[_run-R]_eeg.vhdr|.vmrk|.eeg  (BrainVision, float32)
 *                                                   _eeg.json _channels.tsv _events.tsv _events.json
 * ROOT/stimuli/CONCEPT/FILE                       (images the markers showed, when --stimuli has them)
 * ROOT/sourcedata/sub-S/[ses-X/]eeg/…_eeg.xdf     (the XDF file, when the source is one)
 * ROOT/derivatives/eegdecode/dataset_description.json
 * ROOT/derivatives/eegdecode/sub-S/[ses-X/]eeg/…_desc-decoded_events.tsv|.json (decoded results)
 * </pre>
 *
 * <p><b>Time.</b> Everything is placed on the session's corrected timeline (clock-synchronised and
 * dejittered stamps; for an XDF file, pyxdf's synchronisation), with onsets in seconds from the
 * first EEG sample as the written file counts them ({@link EegTimeline}). The BrainVision file is
 * continuous, so missing time is not filled: the samples follow each other as recorded, a {@code
 * New Segment} marker in {@code .vmrk} and a {@code boundary} row in {@code _events.tsv} (with the
 * missing seconds in {@code gap_s}) mark each discontinuity, {@code _eeg.json} says {@code
 * RecordingType: discontinuous}, and clock resets and recorder stalls get their own rows. The
 * validator forbids keys of its own in {@code _eeg.json}, so the details live in the events.
 *
 * <p><b>Safety.</b> Nothing under ROOT changes until the whole export has been written beside it
 * ({@link StagedRoot}); bad input throws with one line naming what is wrong and leaves ROOT as it
 * was. Files of the recording that exist already are only replaced with {@code overwrite}; the
 * dataset's own files (description, README, CHANGES) are never replaced, and {@code
 * participants.tsv} only gains the subject's row.
 */
public final class BidsExport {
  public static final String BIDS_VERSION = "1.9.0";
  public static final String SOFTWARE = "eegdecode";
  public static final String VERSION = "0.1.0";
  public static final String DERIVATIVES = "derivatives/eegdecode";
  public static final String DEFAULT_TASK = "rsvp";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param entities subject, session, task and run
   * @param overwrite replace the recording's files when they exist
   * @param powerLineFrequency Hz, or "n/a" (BIDS' {@code PowerLineFrequency})
   * @param reference {@code EEGReference} text ("n/a" when unknown)
   * @param channelNames names for an EEG stream without labels (null: the stream's)
   * @param stimuliDir where the images the markers name are found (null: none copied)
   * @param markerReading how markers name stimuli (the shared resolver's settings and image list);
   *     null: the defaults without an image list, so only catch codes and {@code concept/file}
   *     markers are understood
   * @param eegStream for an XDF source, the EEG stream's name (null: by type)
   * @param markerStream for an XDF source, the marker stream's name (null: by type)
   * @param datasetName the dataset's Name when ROOT is new
   */
  public record Options(
      BidsEntities entities,
      boolean overwrite,
      String powerLineFrequency,
      String reference,
      List<String> channelNames,
      Path stimuliDir,
      MarkerReading markerReading,
      String eegStream,
      String markerStream,
      String datasetName) {
    public Options {
      if (entities == null) {
        throw new IllegalArgumentException("no subject/task given");
      }
      powerLineFrequency = powerLine(powerLineFrequency);
      reference = reference == null || reference.isBlank() ? "n/a" : reference.strip();
      markerReading = markerReading == null ? MarkerReading.defaults() : markerReading;
      datasetName = datasetName == null || datasetName.isBlank() ? "eegdecode export" : datasetName;
    }

    /** Options with the defaults for everything but the entities. */
    public static Options of(BidsEntities entities) {
      return new Options(entities, false, "n/a", "n/a", null, null, null, null, null, null);
    }

    private static String powerLine(String value) {
      if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("n/a")) {
        return "n/a";
      }
      try {
        double hz = Double.parseDouble(value.strip());
        if (hz > 0 && Double.isFinite(hz)) {
          return value.strip();
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new IllegalArgumentException(
          "--power-line-frequency '" + value + "': a frequency in Hz (50, 60) or n/a");
    }
  }

  private BidsExport() {}

  /** Exports {@code source} (a session folder or an .xdf file) into {@code root}. */
  public static ObjectNode export(Path source, Path root, Options options) throws IOException {
    boolean xdf;
    if (Files.isDirectory(source)) {
      xdf = false;
    } else if (Files.isRegularFile(source)) {
      xdf = true;
    } else {
      throw new IOException(source + ": no such session folder or XDF file");
    }
    try (StagedRoot staged = StagedRoot.begin(root)) {
      RunFiles files = new RunFiles(options.entities());
      for (String f : files.all()) {
        Path existing = staged.existing(f);
        if (existing != null && !options.overwrite()) {
          throw new IOException(existing + ": exists (add --overwrite to replace this recording)");
        }
      }
      Path temp = null;
      try {
        Path session = source;
        if (xdf) {
          temp = Files.createTempDirectory("eegdecode-bids-");
          session = temp.resolve("session");
          XdfImport.toSession(
              source,
              session,
              options.eegStream(),
              options.markerStream(),
              new SessionWriter.Options(0));
        }
        Export export = new Export(source, session, staged, files, options);
        ObjectNode summary = export.run();
        if (xdf) {
          Files.copy(source, staged.stage(files.sourceXdf));
        }
        for (String f : files.all()) {
          if (staged.existing(f) != null) {
            if (staged.staged(f)) {
              staged.mayReplace(f);
            } else {
              staged.remove(f); // --overwrite: no stale results or XDF of the replaced export
            }
          }
        }
        staged.commit();
        return summary;
      } finally {
        if (temp != null) {
          deleteTree(temp);
        }
      }
    }
  }

  /** The relative paths of one recording's files. */
  static final class RunFiles {
    final String dir;
    final String stem;
    final String vhdr;
    final String vmrk;
    final String eeg;
    final String sidecar;
    final String channels;
    final String events;
    final String eventsJson;
    final String sourceXdf;
    final String decoded;
    final String decodedJson;

    RunFiles(BidsEntities e) {
      dir = e.eegDir();
      stem = e.prefix() + "_eeg";
      vhdr = dir + "/" + stem + ".vhdr";
      vmrk = dir + "/" + stem + ".vmrk";
      eeg = dir + "/" + stem + ".eeg";
      sidecar = dir + "/" + stem + ".json";
      channels = dir + "/" + e.prefix() + "_channels.tsv";
      events = dir + "/" + e.prefix() + "_events.tsv";
      eventsJson = dir + "/" + e.prefix() + "_events.json";
      sourceXdf = "sourcedata/" + dir + "/" + stem + ".xdf";
      decoded = DERIVATIVES + "/" + dir + "/" + e.prefix() + "_desc-decoded_events.tsv";
      decodedJson = DERIVATIVES + "/" + dir + "/" + e.prefix() + "_desc-decoded_events.json";
    }

    List<String> all() {
      List<String> out =
          new ArrayList<>(
              List.of(
                  vhdr, vmrk, eeg, sidecar, channels, events, eventsJson, decoded, decodedJson));
      if (sourceXdf != null) {
        out.add(sourceXdf);
      }
      return out;
    }
  }

  /** A marker as read: corrected time and text. */
  private record MarkerEvent(double time, String value) {}

  /** How a marker reads: a stimulus image (or concept), a catch code, or anything else. */
  private enum MarkerKind {
    STIMULUS("stimulus"),
    CATCH("catch"),
    OTHER("marker");

    final String trialType;

    MarkerKind(String trialType) {
      this.trialType = trialType;
    }
  }

  /** One decoded epoch (arrays copied). */
  private record Result(
      long epoch,
      double markerTime,
      double onsetTime,
      double published,
      double completeMs,
      String marker,
      int[] rows,
      float[] scores) {}

  /** One events.tsv row before sorting. */
  private record Row(double onset, int order, List<String> cells) {}

  /** The work of one export. */
  private static final class Export {
    final Path source;
    final Path session;
    final StagedRoot staged;
    final RunFiles files;
    final Options options;
    final List<MarkerEvent> markers = new ArrayList<>();
    final List<double[]> stalls = new ArrayList<>(); // {stall time, resumed time or NaN}
    final List<Result> results = new ArrayList<>();
    final List<String> otherStreams = new ArrayList<>();
    ObjectNode decoderInfo;
    ObjectNode startInfo;
    long startWallMillis = -1;
    double startLsl = Double.NaN;

    Export(Path source, Path session, StagedRoot staged, RunFiles files, Options options) {
      this.source = source;
      this.session = session;
      this.staged = staged;
      this.files = files;
      this.options = options;
    }

    ObjectNode run() throws IOException {
      SessionReader reader = SessionReader.open(session);
      List<SessionStream> streams = reader.streams();
      SessionStream eeg = null;
      SessionStream markerStream = null;
      for (SessionStream s : streams) {
        if (SessionFormat.ROLE_EEG.equals(s.role()) && eeg == null) {
          eeg = s;
        } else if (SessionFormat.ROLE_MARKERS.equals(s.role()) && markerStream == null) {
          markerStream = s;
        } else {
          otherStreams.add(s.name());
        }
      }
      if (eeg == null) {
        throw new IOException(source + ": no EEG stream in this recording");
      }
      if (eeg.isString() || !(eeg.info().nominalRate() > 0)) {
        throw new IOException(
            source
                + ": EEG stream '"
                + eeg.name()
                + "' is not a regular numeric stream (format "
                + eeg.info().channelFormat()
                + ", nominal rate "
                + eeg.info().nominalRate()
                + "); BrainVision needs a sampling rate");
      }
      EegChannels channels;
      try {
        channels = EegChannels.of(eeg, options.channelNames());
      } catch (IOException e) {
        throw new IOException(source + ": " + e.getMessage(), e);
      }
      double rate = eeg.info().nominalRate();
      EegTimeline timeline = new EegTimeline(rate);
      BrainVisionWriter bv =
          BrainVisionWriter.create(
              staged.stage(files.vhdr).getParent(),
              files.stem,
              channels.names(),
              channels.units(),
              rate);
      try {
        read(reader, eeg, markerStream, bv, timeline);
        timeline.finish();
        if (timeline.samples() == 0) {
          throw new IOException(source + ": EEG stream '" + eeg.name() + "' has no samples");
        }
        ObjectNode summary = write(eeg, markerStream, channels, timeline, bv);
        return summary;
      } finally {
        bv.close();
      }
    }

    private void read(
        SessionReader reader,
        SessionStream eeg,
        SessionStream markerStream,
        BrainVisionWriter bv,
        EegTimeline timeline)
        throws IOException {
      int eegId = eeg.id();
      int markerId = markerStream == null ? Integer.MIN_VALUE : markerStream.id();
      try {
        reader.read(
            new SessionReader.Visitor() {
              @Override
              public void start(long wallMillis, double lslClock, ObjectNode info) {
                startWallMillis = wallMillis;
                startLsl = lslClock;
                startInfo = info;
              }

              @Override
              public void numeric(
                  int stream,
                  int valueBytes,
                  int channelCount,
                  int n,
                  long[] index,
                  double[] raw,
                  double[] corrected,
                  double[] values) {
                if (stream == eegId) {
                  try {
                    bv.write(values, channelCount, n);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  for (int i = 0; i < n; i++) {
                    timeline.add(corrected[i], raw[i]);
                  }
                } else if (stream == markerId) {
                  for (int i = 0; i < n; i++) {
                    markers.add(new MarkerEvent(corrected[i], number(values[i * channelCount])));
                  }
                }
              }

              @Override
              public void string(
                  int stream, double raw, double corrected, double number, String[] values) {
                if (stream == markerId) {
                  markers.add(
                      new MarkerEvent(
                          corrected, values.length == 1 ? values[0] : String.join("|", values)));
                }
              }

              @Override
              public void state(int stream, byte state, double corrected) {
                if (stream != eegId) {
                  return;
                }
                if (state == SessionFormat.STATE_STALL) {
                  stalls.add(new double[] {corrected, Double.NaN});
                } else if (state == SessionFormat.STATE_RESUMED
                    && !stalls.isEmpty()
                    && Double.isNaN(stalls.get(stalls.size() - 1)[1])) {
                  stalls.get(stalls.size() - 1)[1] = corrected;
                }
              }

              @Override
              public void decoder(ObjectNode info) {
                decoderInfo = info;
              }

              @Override
              public void result(
                  long epoch,
                  double markerTimestamp,
                  double onsetTimestamp,
                  double publishedLsl,
                  double completeToResultMs,
                  String marker,
                  int k,
                  int[] rows,
                  float[] scores) {
                int[] r = new int[k];
                float[] s = new float[k];
                System.arraycopy(rows, 0, r, 0, k);
                System.arraycopy(scores, 0, s, 0, k);
                results.add(
                    new Result(
                        epoch,
                        markerTimestamp,
                        onsetTimestamp,
                        publishedLsl,
                        completeToResultMs,
                        marker,
                        r,
                        s));
              }
            });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    private ObjectNode write(
        SessionStream eeg,
        SessionStream markerStream,
        EegChannels channels,
        EegTimeline timeline,
        BrainVisionWriter bv)
        throws IOException {
      double rate = timeline.rate();
      List<EegTimeline.Segment> segments = timeline.segments();
      // Stimuli: resolve every marker with the shared resolver, copy the files that can be found.
      StimulusFiles stimuli = new StimulusFiles(staged, options.stimuliDir());
      StimulusResolver resolver = options.markerReading().resolver(decoderInfo);
      Map<String, MarkerKind> kinds = new LinkedHashMap<>();
      Map<String, String> stimFile = new LinkedHashMap<>();
      for (MarkerEvent m : markers) {
        if (kinds.containsKey(m.value())) {
          continue;
        }
        Stimulus s = resolver.lookup(m.value());
        String rel = s.isImage() ? s.concept() + "/" + s.file() : null;
        if (rel == null && s.outcome() == Resolution.Outcome.UNKNOWN) {
          rel = StimulusFiles.conceptFileMarker(m.value());
        }
        kinds.put(
            m.value(),
            s.isCatch()
                ? MarkerKind.CATCH
                : rel != null || s.outcome() == Resolution.Outcome.CONCEPT
                    ? MarkerKind.STIMULUS
                    : MarkerKind.OTHER);
        if (rel != null) {
          stimFile.put(m.value(), stimuli.provide(rel));
        }
      }

      // BrainVision markers and events.tsv rows.
      LocalDateTime firstSampleTime = firstSampleTime(timeline.stamp(0));
      List<Row> rows = new ArrayList<>();
      for (EegTimeline.Segment s : segments) {
        double onset = s.first() / rate;
        double at = timeline.stamp(s.first());
        if (s.first() == 0) {
          bv.newSegment(0, firstSampleTime);
          continue;
        }
        if (s.timeBreak()) {
          bv.newSegment(s.first(), wallTime(at));
          rows.add(
              new Row(
                  onset,
                  0,
                  eventRow(
                      onset, 0, "boundary", null, s.first(), null, at, s.missingSeconds(), rate)));
        }
        if (s.clockBreak()) {
          bv.marker("Comment", "clock reset", s.first(), 1);
          rows.add(
              new Row(
                  onset, 1, eventRow(onset, 0, "clock_reset", null, s.first(), null, at, 0, rate)));
        }
      }
      for (EegTimeline.RawJump j : timeline.rawJumps()) {
        double onset = j.sample() / rate;
        bv.marker("Comment", "timestamp jump", j.sample(), 1);
        rows.add(
            new Row(
                onset,
                1,
                eventRow(
                    onset,
                    0,
                    "timestamp_jump",
                    null,
                    j.sample(),
                    null,
                    timeline.stamp(j.sample()),
                    j.seconds() - 1 / rate,
                    rate)));
      }
      long markersBefore = 0;
      long markersAfter = 0;
      long markersInGaps = 0;
      long stimulusMarkers = 0;
      long stimFilesMissing = 0;
      long catchMarkers = 0;
      for (MarkerEvent m : markers) {
        EegTimeline.Position p = timeline.locate(m.time());
        double onset = onsetOf(p, timeline);
        switch (p.placement()) {
          case BEFORE_FIRST_SAMPLE -> markersBefore++;
          case AFTER_LAST_SAMPLE -> markersAfter++;
          case IN_GAP -> markersInGaps++;
          default -> {}
        }
        MarkerKind kind = kinds.get(m.value());
        boolean stimulus = kind == MarkerKind.STIMULUS;
        String file = stimFile.get(m.value());
        if (kind == MarkerKind.CATCH) {
          catchMarkers++;
        }
        if (stimulus) {
          stimulusMarkers++;
          if (file == null) {
            stimFilesMissing++;
          }
        }
        if (p.sample() >= 0) {
          bv.marker("Stimulus", m.value(), p.sample(), 1);
        }
        rows.add(
            new Row(
                onset,
                2,
                eventRow(
                    onset,
                    0,
                    kind.trialType,
                    m.value(),
                    p.sample(),
                    file,
                    m.time(),
                    Double.NaN,
                    rate)));
      }
      for (double[] stall : stalls) {
        EegTimeline.Position p = timeline.locate(stall[0]);
        double onset = onsetOf(p, timeline);
        double duration = Double.isNaN(stall[1]) ? Double.NaN : stall[1] - stall[0];
        rows.add(
            new Row(
                onset,
                3,
                eventRow(
                    onset, duration, "stall", null, p.sample(), null, stall[0], Double.NaN, rate)));
      }
      rows.sort(Comparator.comparingDouble(Row::onset).thenComparingInt(Row::order));
      Tsv events =
          new Tsv(
              "onset",
              "duration",
              "trial_type",
              "value",
              "sample",
              "stim_file",
              "lsl_time",
              "gap_s");
      for (Row r : rows) {
        events.add(r.cells());
      }
      long gaps = segments.stream().filter(EegTimeline.Segment::timeBreak).count();
      long clockResets = segments.stream().filter(EegTimeline.Segment::clockBreak).count();
      bv.finish(
          List.of(
              "Exported by " + SOFTWARE + " " + VERSION + " from " + source.getFileName(),
              "EEG stream: " + eeg.info().describe(),
              "Time line: corrected (clock-synchronised, dejittered) LSL time; first sample at "
                  + timeline.stamp(0)
                  + " s",
              "Segments: "
                  + segments.size()
                  + " ("
                  + gaps
                  + " gaps, "
                  + clockResets
                  + " clock resets); missing time is not filled, see New Segment markers"));
      events.write(staged.stage(files.events));
      writeJson(files.eventsJson, eventsSidecar());
      writeChannels(channels, rate);
      writeJson(files.sidecar, eegSidecar(channels, timeline, gaps > 0));
      writeDatasetFiles(markerStream);
      if (!results.isEmpty()) {
        writeDecoded(timeline);
      }

      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("source", source.toString());
      out.put("root", staged.root().toString());
      out.put("recording", files.dir + "/" + files.stem);
      out.put("eeg_stream", eeg.name());
      out.put("channels", channels.count());
      out.put("sampling_frequency", rate);
      out.put("samples", timeline.samples());
      out.put("recording_duration_s", timeline.samples() / rate);
      out.put("effective_srate", timeline.effectiveRate());
      out.put("segments", segments.size());
      out.put("gaps", gaps);
      out.put("clock_resets", clockResets);
      out.put("timestamp_jumps", timeline.rawJumps().size());
      out.put("stalls", stalls.size());
      out.put("marker_stream", markerStream == null ? null : markerStream.name());
      out.put("markers", markers.size());
      out.put("markers_before_first_sample", markersBefore);
      out.put("markers_after_last_sample", markersAfter);
      out.put("markers_in_gaps", markersInGaps);
      out.put("stimulus_markers", stimulusMarkers);
      out.put("catch_markers", catchMarkers);
      out.put("image_list", options.markerReading().sourceFor(decoderInfo));
      out.put("stimulus_files_copied", stimuli.copied());
      out.put("stim_file_missing", stimFilesMissing);
      if (!stimuli.missing().isEmpty()) {
        ArrayNode missing = out.putArray("stimulus_files_not_found");
        stimuli.missing().stream().limit(5).forEach(missing::add);
      }
      out.put("float64_values_rounded", bv.roundedValues());
      out.put("decoded_results", results.size());
      ArrayNode ignored = out.putArray("streams_not_exported");
      otherStreams.forEach(ignored::add);
      return out;
    }

    private static double onsetOf(EegTimeline.Position p, EegTimeline timeline) {
      return p.position() / timeline.rate();
    }

    private List<String> eventRow(
        double onset,
        double duration,
        String type,
        String value,
        long sample,
        String stimFile,
        double lslTime,
        double gap,
        double rate) {
      return List.of(
          Tsv.seconds(onset),
          Tsv.seconds(duration),
          type,
          value == null ? Tsv.NA : value,
          sample >= 0 ? Long.toString(sample) : Tsv.NA,
          stimFile == null ? Tsv.NA : stimFile,
          Tsv.seconds(lslTime),
          Tsv.seconds(gap));
    }

    /** Wall-clock time of a corrected stamp, when the session was recorded live (else null). */
    private LocalDateTime wallTime(double stamp) {
      if (startWallMillis < 0
          || Double.isNaN(startLsl)
          || (startInfo != null && startInfo.has("imported_from"))) {
        return null;
      }
      double micros = startWallMillis * 1000.0 + (stamp - startLsl) * 1e6;
      long m = Math.round(micros);
      Instant instant =
          Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000);
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private LocalDateTime firstSampleTime(double stamp) {
      return wallTime(stamp);
    }

    private void writeChannels(EegChannels channels, double rate) throws IOException {
      Tsv t = new Tsv("name", "type", "units", "sampling_frequency", "status");
      String fs = plain(rate);
      for (int c = 0; c < channels.count(); c++) {
        t.add(
            channels.names().get(c), channels.types().get(c), channels.units().get(c), fs, "good");
      }
      t.write(staged.stage(files.channels));
    }

    private ObjectNode eegSidecar(EegChannels channels, EegTimeline timeline, boolean gaps) {
      ObjectNode j = JsonNodeFactory.instance.objectNode();
      j.put("TaskName", options.entities().task());
      j.put("SamplingFrequency", timeline.rate());
      if (options.powerLineFrequency().equals("n/a")) {
        j.put("PowerLineFrequency", "n/a");
      } else {
        j.put("PowerLineFrequency", Double.parseDouble(options.powerLineFrequency()));
      }
      j.put("EEGReference", options.reference());
      j.put("SoftwareFilters", "n/a");
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String type : List.of("EEG", "EOG", "ECG", "EMG", "MISC", "TRIG")) {
        counts.put(type, 0);
      }
      for (String type : channels.types()) {
        String key =
            switch (type) {
              case "EEG", "ECG", "EMG", "TRIG" -> type;
              case "EOG", "HEOG", "VEOG" -> "EOG";
              default -> "MISC";
            };
        counts.merge(key, 1, Integer::sum);
      }
      j.put("EEGChannelCount", counts.get("EEG"));
      j.put("EOGChannelCount", counts.get("EOG"));
      j.put("ECGChannelCount", counts.get("ECG"));
      j.put("EMGChannelCount", counts.get("EMG"));
      j.put("MiscChannelCount", counts.get("MISC"));
      j.put("TriggerChannelCount", counts.get("TRIG"));
      j.put("RecordingDuration", Math.round(timeline.samples() / timeline.rate() * 1e6) / 1e6);
      j.put("RecordingType", gaps ? "discontinuous" : "continuous");
      j.put("SoftwareVersions", SOFTWARE + " " + VERSION);
      return j;
    }

    private ObjectNode eventsSidecar() {
      ObjectNode j = JsonNodeFactory.instance.objectNode();
      j.putObject("onset")
          .put(
              "Description",
              "Seconds from the first EEG sample, counted along the samples as written (a gap"
                  + " in the recording takes no time in the file; see trial_type boundary).")
          .put("Units", "s");
      j.putObject("duration").put("Description", "Duration of the event.").put("Units", "s");
      ObjectNode levels =
          j.putObject("trial_type").put("Description", "What the row is.").putObject("Levels");
      levels.put(
          "stimulus", "A marker that names a stimulus image (stim_file when the image is here).");
      levels.put(
          "catch",
          "A catch (target) trial code (stimulus.catch_codes, 99999 in THINGS-EEG2): not a"
              + " stimulus of interest.");
      levels.put("marker", "Any other marker sent by the stimulus program.");
      levels.put(
          "boundary",
          "A discontinuity: samples are missing before this sample (gap_s seconds); the file"
              + " continues with the next recorded sample. A New Segment marker in the .vmrk"
              + " file marks the same place.");
      levels.put(
          "clock_reset",
          "The stream's clock was reset here (a new clock segment of the synchronisation).");
      levels.put("stall", "The recorder saw the stream stall here; duration until it resumed.");
      j.putObject("value")
          .put("Description", "The marker exactly as the stimulus program sent it.");
      j.putObject("sample")
          .put(
              "Description",
              "0-based index of the first sample at or after the event in the data file (n/a"
                  + " before the first or after the last sample).");
      j.putObject("stim_file")
          .put("Description", "The image shown, relative to the dataset's stimuli/ folder.");
      j.putObject("lsl_time")
          .put(
              "Description",
              "Time of the event on the recording's corrected LSL clock (clock-synchronised,"
                  + " dejittered), for comparison with the source.")
          .put("Units", "s");
      j.putObject("gap_s")
          .put(
              "Description",
              "For boundary and timestamp_jump rows: seconds of missing recording before this"
                  + " sample (the time step minus one sample period; negative when time went"
                  + " backwards).")
          .put("Units", "s");
      return j;
    }

    private void writeDatasetFiles(SessionStream markerStream) throws IOException {
      if (staged.existing(StagedRoot.DESCRIPTION) == null) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("Name", options.datasetName());
        d.put("BIDSVersion", BIDS_VERSION);
        d.put("DatasetType", "raw");
        ArrayNode by = d.putArray("GeneratedBy");
        by.addObject()
            .put("Name", SOFTWARE)
            .put("Version", VERSION)
            .put("Description", "BIDS export of LSL recordings (eegdecode export-bids)");
        writeJson(StagedRoot.DESCRIPTION, d);
      }
      if (staged.existing("README") == null) {
        String readme =
            "# "
                + options.datasetName()
                + "\n\n"
                + "EEG recorded over the Lab Streaming Layer and exported to BIDS by eegdecode"
                + " (`eegdecode export-bids`).\n\n"
                + "- EEG: BrainVision (.vhdr/.vmrk/.eeg), float32, the samples exactly as"
                + " recorded, channel names and units from the LSL stream's description.\n"
                + "- Time: the recording's clock-synchronised, dejittered timeline; onsets in"
                + " seconds from the first EEG sample. Missing time is not filled: each gap is a"
                + " `boundary` row in `*_events.tsv` (with `gap_s`) and a `New Segment` marker in"
                + " the `.vmrk` file.\n"
                + "- `stimuli/`: the images the markers name, where they were available.\n"
                + "- `sourcedata/`: the XDF files exported from, where the source was XDF.\n"
                + "- `derivatives/eegdecode/`: decoded concepts per epoch, where the recording"
                + " holds them.\n\n"
                + "Describe the participants, the task and the equipment here before sharing.\n";
        Files.writeString(staged.stage("README"), readme, StandardCharsets.UTF_8);
      }
      if (staged.existing("CHANGES") == null) {
        Files.writeString(
            staged.stage("CHANGES"),
            "1.0.0 " + LocalDate.now(ZoneOffset.UTC) + "\n  - Initial export by eegdecode.\n",
            StandardCharsets.UTF_8);
      }
      Path existing = staged.existing(Participants.FILE);
      Tsv participants = Participants.withParticipant(existing, options.entities().participantId());
      if (participants != null) {
        participants.write(staged.stage(Participants.FILE));
        staged.mayReplace(Participants.FILE);
      }
      if (staged.existing("participants.json") == null && existing == null) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject(Participants.ID).put("Description", "Participant identifier (sub-<label>).");
        writeJson("participants.json", p);
      }
    }

    private void writeDecoded(EegTimeline timeline) throws IOException {
      int k = 0;
      for (Result r : results) {
        k = Math.max(k, r.rows().length);
      }
      JsonNode concepts = decoderInfo == null ? null : decoderInfo.get("concepts");
      JsonNode galleryFiles = decoderInfo == null ? null : decoderInfo.get("files");
      List<String> header =
          new ArrayList<>(List.of("onset", "duration", "sample", "epoch", "value"));
      for (int r = 1; r <= k; r++) {
        header.add("top" + r + "_concept");
        header.add("top" + r + "_file");
        header.add("top" + r + "_score");
      }
      header.addAll(List.of("latency_ms", "marker_to_result_ms", "lsl_time"));
      Tsv t = new Tsv(header);
      List<Result> sorted = new ArrayList<>(results);
      sorted.sort(Comparator.comparingDouble(Result::onsetTime).thenComparingLong(Result::epoch));
      for (Result r : sorted) {
        EegTimeline.Position p = timeline.locate(r.onsetTime());
        List<String> row = new ArrayList<>();
        row.add(Tsv.seconds(p.position() / timeline.rate()));
        row.add(Tsv.NA);
        row.add(p.sample() >= 0 ? Long.toString(p.sample()) : Tsv.NA);
        row.add(Long.toString(r.epoch()));
        row.add(r.marker());
        for (int i = 0; i < k; i++) {
          if (i < r.rows().length) {
            int g = r.rows()[i];
            row.add(text(concepts, g, "row " + g));
            row.add(text(galleryFiles, g, null));
            row.add(Float.toString(r.scores()[i]));
          } else {
            row.add(Tsv.NA);
            row.add(Tsv.NA);
            row.add(Tsv.NA);
          }
        }
        row.add(String.format(java.util.Locale.ROOT, "%.3f", r.completeMs()));
        row.add(
            String.format(java.util.Locale.ROOT, "%.3f", (r.published() - r.markerTime()) * 1e3));
        row.add(Tsv.seconds(r.onsetTime()));
        t.add(row);
      }
      t.write(staged.stage(files.decoded));
      ObjectNode j = JsonNodeFactory.instance.objectNode();
      j.put(
          "Description",
          "Concepts decoded live by eegdecode for each marker-locked epoch, best first.");
      j.putObject("onset")
          .put("Description", "Epoch onset (the marker's first sample), as in the raw events.")
          .put("Units", "s");
      j.putObject("sample").put("Description", "0-based sample of the epoch onset.");
      j.putObject("epoch").put("Description", "The decoder's epoch number.");
      j.putObject("value").put("Description", "The marker that opened the epoch.");
      j.putObject("topN_concept")
          .put("Description", "The N-th best gallery concept (N = 1 … " + k + ").");
      j.putObject("topN_file").put("Description", "Its gallery image file.");
      j.putObject("topN_score").put("Description", "Its similarity score.");
      j.putObject("latency_ms")
          .put("Description", "Epoch complete → result published.")
          .put("Units", "ms");
      j.putObject("marker_to_result_ms")
          .put("Description", "Marker time → result published (local LSL clock).")
          .put("Units", "ms");
      j.putObject("lsl_time")
          .put("Description", "Epoch onset on the corrected LSL clock.")
          .put("Units", "s");
      if (decoderInfo != null) {
        ObjectNode d = j.putObject("Decoder");
        for (String key : List.of("bundle", "fingerprint", "top_k")) {
          if (decoderInfo.has(key)) {
            d.set(key, decoderInfo.get(key));
          }
        }
      }
      writeJson(files.decodedJson, j);
      String description = DERIVATIVES + "/" + StagedRoot.DESCRIPTION;
      if (staged.existing(description) == null) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("Name", "eegdecode decoded concepts");
        d.put("BIDSVersion", BIDS_VERSION);
        d.put("DatasetType", "derivative");
        d.putArray("GeneratedBy")
            .addObject()
            .put("Name", SOFTWARE)
            .put("Version", VERSION)
            .put("Description", "Live decoding: top-k concepts per marker-locked epoch");
        writeJson(description, d);
      }
    }

    private void writeJson(String relative, ObjectNode node) throws IOException {
      Files.writeString(
          staged.stage(relative), JSON.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }
  }

  private static String text(JsonNode array, int index, String fallback) {
    if (array != null && array.isArray() && index >= 0 && index < array.size()) {
      return array.get(index).asText();
    }
    return fallback;
  }

  /** A rate as a plain number: 250 rather than 250.0. */
  static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A numeric marker as text: integers without a decimal point. */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing the export for
    }
  }
}
