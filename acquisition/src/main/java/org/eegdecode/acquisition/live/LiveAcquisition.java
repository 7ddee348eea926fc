package org.eegdecode.acquisition.live;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.EpocherCounters;
import org.eegdecode.acquisition.epoch.StreamLayout;
import org.eegdecode.acquisition.ingest.EegIngest;
import org.eegdecode.acquisition.ingest.MarkerIngest;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamQuery;
import org.eegdecode.acquisition.lsl.StreamResolver;
import org.eegdecode.acquisition.ring.AcquisitionPipeline;
import org.eegdecode.acquisition.ring.DropCounters;
import org.eegdecode.acquisition.ring.DropReason;
import org.eegdecode.acquisition.session.SessionRecorder;

/**
 * The live front end in one piece: resolve the EEG and marker streams, open the EEG inlet (its full
 * info gives the channel labels and rate the epocher checks against the model), build and start the
 * pipeline, then start both ingest threads. Used by {@code eegdecode epochs} and by the live
 * decoder.
 */
public final class LiveAcquisition implements Acquisition {
  private final AcquisitionPipeline pipeline;
  private final EegIngest eeg;
  private final MarkerIngest markers;
  private final DropCounters drops;

  private LiveAcquisition(
      AcquisitionPipeline pipeline, EegIngest eeg, MarkerIngest markers, DropCounters drops) {
    this.pipeline = pipeline;
    this.eeg = eeg;
    this.markers = markers;
    this.drops = drops;
  }

  /** The EEG stream the configuration names: {@code acquisition.eeg_stream}, else type EEG. */
  public static StreamQuery eegQuery(Config config, String name) {
    String chosen = name != null ? name : config.getString("acquisition.eeg_stream");
    return chosen.isEmpty() ? StreamQuery.byType("EEG") : StreamQuery.byName(chosen);
  }

  /** The marker stream: {@code acquisition.marker_stream}, else type Markers. */
  public static StreamQuery markerQuery(Config config, String name) {
    String chosen = name != null ? name : config.getString("acquisition.marker_stream");
    return chosen.isEmpty() ? StreamQuery.byType("Markers") : StreamQuery.byName(chosen);
  }

  /**
   * Resolves, opens and starts everything.
   *
   * @param spec the epoch contract (the model bundle's), or null for the configuration's
   * @throws IOException when a stream cannot be found or opened
   * @throws IllegalArgumentException when the EEG stream cannot serve the spec (rate, channels)
   */
  @SafeVarargs
  public static LiveAcquisition start(
      Config config,
      StreamQuery eegQuery,
      StreamQuery markerQuery,
      EpochSpec spec,
      EventHandler<? super EpochEvent>... epochConsumers)
      throws IOException {
    return start(config, eegQuery, markerQuery, spec, null, epochConsumers);
  }

  /** The live streams as an {@link AcquisitionSource}. */
  public static AcquisitionSource source(StreamQuery eegQuery, StreamQuery markerQuery) {
    return new AcquisitionSource() {
      @Override
      public Acquisition start(
          Config config,
          EpochSpec spec,
          SessionRecorder recorder,
          EventHandler<? super EpochEvent>[] epochConsumers)
          throws IOException {
        return LiveAcquisition.start(config, eegQuery, markerQuery, spec, recorder, epochConsumers);
      }

      @Override
      public String describe() {
        return "LSL streams " + eegQuery + " and " + markerQuery;
      }
    };
  }

  /**
   * As {@link #start(Config, StreamQuery, StreamQuery, EpochSpec, EventHandler[])}, with {@code
   * recorder} (nullable) beside the epocher on the sample ring; both streams' descriptions are
   * recorded before the first sample.
   */
  @SafeVarargs
  public static LiveAcquisition start(
      Config config,
      StreamQuery eegQuery,
      StreamQuery markerQuery,
      EpochSpec spec,
      SessionRecorder recorder,
      EventHandler<? super EpochEvent>... epochConsumers)
      throws IOException {
    double timeout = config.getDouble("acquisition.resolve_timeout_s");
    StreamInfo eegInfo = StreamResolver.resolve(eegQuery, timeout);
    StreamInfo markerInfo = StreamResolver.resolve(markerQuery, timeout);
    DropCounters drops = new DropCounters();
    AcquisitionPipeline[] pipeline = new AcquisitionPipeline[1];
    EegIngest eeg =
        EegIngest.open(
            eegInfo,
            drops,
            EegIngest.Options.fromConfig(config),
            full -> {
              AcquisitionPipeline.Builder builder =
                  AcquisitionPipeline.builder(
                          StreamLayout.of(
                              full.name(),
                              full.nominalRate(),
                              full.channelCount(),
                              full.channelLabels()))
                      .config(config)
                      .drops(drops)
                      .epochConsumers(epochConsumers);
              if (recorder != null) {
                builder.sampleConsumers(recorder);
              }
              if (spec != null) {
                builder.spec(spec);
              }
              pipeline[0] = builder.build();
              return pipeline[0].sampleRing();
            });
    MarkerIngest markers;
    try {
      pipeline[0].start();
      markers =
          MarkerIngest.open(
              markerInfo, pipeline[0].sampleRing(), drops, MarkerIngest.Options.defaults());
    } catch (IOException | RuntimeException e) {
      eeg.close();
      if (pipeline[0] != null) {
        pipeline[0].stop();
      }
      throw e;
    }
    if (recorder != null) {
      recorder.streams(eeg.stream(), eeg.streamXml(), markers.stream(), markers.streamXml());
    }
    markers.start();
    eeg.start();
    return new LiveAcquisition(pipeline[0], eeg, markers, drops);
  }

  @Override
  public AcquisitionPipeline pipeline() {
    return pipeline;
  }

  public EegIngest eeg() {
    return eeg;
  }

  public MarkerIngest markers() {
    return markers;
  }

  public DropCounters drops() {
    return drops;
  }

  @Override
  public StreamInfo eegStream() {
    return eeg.stream();
  }

  @Override
  public StreamInfo markerStream() {
    return markers.stream();
  }

  @Override
  public boolean inputEnded() {
    return false;
  }

  @Override
  public Throwable failure() {
    return eeg.failure();
  }

  @Override
  public boolean eegAlive() {
    return eeg.isAlive();
  }

  @Override
  public long markersReceived() {
    return markers.stats().markers();
  }

  @Override
  public boolean eegStalled() {
    return eeg.stats().stalled();
  }

  @Override
  public long eegStalls() {
    return eeg.stats().stalls();
  }

  /** Stops the ingest threads, then drains the pipeline. Idempotent. */
  @Override
  public void close() {
    markers.close();
    eeg.close();
    pipeline.stop();
  }

  /** Counts for a JSON summary: epochs, markers, drops by reason, ingest statistics. */
  @Override
  public ObjectNode summary() {
    ObjectNode out = pipelineSummary(pipeline);
    EegIngest.Stats s = eeg.stats();
    ObjectNode stream = out.putObject("eeg");
    stream.put("name", s.stream());
    stream.put("source_id", s.sourceId());
    stream.put("rate", eeg.stream().nominalRate());
    stream.put("channels", eeg.stream().channelCount());
    stream.put("samples_pulled", s.samplesPulled());
    stream.put("stalls", s.stalls());
    stream.put("reconnects", s.reconnects());
    stream.put("clock_offset_s", s.clockOffset());
    stream.put("timestamps", s.timestamps());
    MarkerIngest.Stats m = markers.stats();
    ObjectNode marker = out.putObject("markers");
    marker.put("name", m.stream());
    marker.put("received", m.markers());
    return out;
  }

  /**
   * The pipeline's counts: epochs, markers seen and accepted, catch markers by code (they open no
   * epoch), samples, drops by reason.
   */
  public static ObjectNode pipelineSummary(AcquisitionPipeline pipeline) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    EpocherCounters counters = pipeline.epocherCounters();
    out.put("epochs_emitted", counters.epochsEmitted());
    out.put("markers_seen", counters.markersSeen());
    out.put("markers_accepted", counters.markersAccepted());
    ObjectNode catches = out.putObject("catch_markers");
    for (Map.Entry<Long, Long> e : pipeline.epocher().catchCounts().entrySet()) {
      catches.put(Long.toString(e.getKey()), e.getValue());
    }
    out.put("samples", counters.samples());
    ObjectNode dropped = out.putObject("dropped");
    for (Map.Entry<DropReason, Long> e : pipeline.drops().snapshot().entrySet()) {
      dropped.put(e.getKey().key(), e.getValue());
    }
    return out;
  }

  /** The epocher's channel labels, in the order of every epoch's rows. */
  public List<String> epochChannels() {
    return pipeline.geometry().channelLabels();
  }
}
