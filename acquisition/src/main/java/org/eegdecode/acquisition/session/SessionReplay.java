package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.StreamLayout;
import org.eegdecode.acquisition.live.Acquisition;
import org.eegdecode.acquisition.live.AcquisitionSource;
import org.eegdecode.acquisition.live.LiveAcquisition;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.ring.AcquisitionPipeline;
import org.eegdecode.acquisition.ring.SampleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a recorded session into the acquisition pipeline: every sample-ring event is published
 * again in its recorded order, with its recorded corrected timestamp and sample index, so the
 * epocher cuts exactly the epochs of the original run (and a decoder reproduces its results). The
 * replay thread waits for ring space ({@code next()}), so nothing is dropped however fast it goes:
 * {@code speed ≤ 0} publishes as fast as the pipeline takes it, {@code speed > 0} paces events by
 * their timestamps ({@code 1} = real time). Arrival times are the replay's, so complete-to-result
 * latencies are this machine's; marker timestamps stay the recording's.
 */
public final class SessionReplay implements Acquisition {
  private static final Logger LOG = LoggerFactory.getLogger(SessionReplay.class);

  private final SessionReader reader;
  private final AcquisitionPipeline pipeline;
  private final SessionStream eeg;
  private final SessionStream markers;
  private final double speed;
  private final Thread thread;
  private final float[] sample;
  private volatile boolean running = true;
  private volatile boolean ended;
  private volatile Throwable failure;
  private volatile long samplesReplayed;
  private volatile long markersReplayed;
  private volatile long stalls;
  private volatile boolean stalled;
  private boolean closed;

  private SessionReplay(
      SessionReader reader,
      AcquisitionPipeline pipeline,
      SessionStream eeg,
      SessionStream markers,
      double speed) {
    this.reader = reader;
    this.pipeline = pipeline;
    this.eeg = eeg;
    this.markers = markers;
    this.speed = speed;
    this.sample = new float[eeg.channelCount()];
    this.thread = new Thread(this::replay, "eegdecode-replay");
    thread.setDaemon(true);
  }

  /**
   * A session directory as an {@link AcquisitionSource}; {@code speed ≤ 0}: as fast as possible.
   */
  public static AcquisitionSource source(Path session, double speed) {
    return new AcquisitionSource() {
      @Override
      public Acquisition start(
          Config config,
          EpochSpec spec,
          SessionRecorder recorder,
          EventHandler<? super EpochEvent>[] epochConsumers)
          throws IOException {
        return SessionReplay.start(session, speed, config, spec, recorder, epochConsumers);
      }

      @Override
      public String describe() {
        return "session "
            + session
            + (speed > 0 ? " at " + speed + "× speed" : " (as fast as possible)");
      }
    };
  }

  /**
   * Builds the pipeline for the session's EEG stream and starts replaying.
   *
   * @throws IOException not a session, or one without an EEG or a marker stream
   * @throws IllegalArgumentException the EEG stream cannot serve the spec (rate, channels)
   */
  @SafeVarargs
  public static SessionReplay start(
      Path session,
      double speed,
      Config config,
      EpochSpec spec,
      SessionRecorder recorder,
      EventHandler<? super EpochEvent>... epochConsumers)
      throws IOException {
    SessionReader reader = SessionReader.open(session);
    List<SessionStream> streams = reader.streams();
    SessionStream eeg = role(streams, SessionFormat.ROLE_EEG, session);
    SessionStream markers = role(streams, SessionFormat.ROLE_MARKERS, session);
    StreamInfo info = eeg.info();
    AcquisitionPipeline.Builder builder =
        AcquisitionPipeline.builder(
                StreamLayout.of(
                    info.name(), info.nominalRate(), info.channelCount(), info.channelLabels()))
            .config(config)
            .epochConsumers(epochConsumers);
    if (spec != null) {
      builder.spec(spec);
    }
    if (recorder != null) {
      builder.sampleConsumers(recorder);
    }
    AcquisitionPipeline pipeline = builder.build();
    pipeline.start();
    if (recorder != null) {
      recorder.streams(eeg.info(), eeg.xml(), markers.info(), markers.xml());
    }
    SessionReplay replay = new SessionReplay(reader, pipeline, eeg, markers, speed);
    replay.thread.start();
    return replay;
  }

  private static SessionStream role(List<SessionStream> streams, String role, Path session)
      throws IOException {
    for (SessionStream s : streams) {
      if (role.equals(s.role())) {
        return s;
      }
    }
    throw new IOException(
        session + ": session has no " + role + " stream (streams: " + names(streams) + ")");
  }

  private static String names(List<SessionStream> streams) {
    StringBuilder out = new StringBuilder();
    for (SessionStream s : streams) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(s.name())
          .append(" (")
          .append(s.role())
          .append(')');
    }
    return out.length() == 0 ? "none" : out.toString();
  }

  private void replay() {
    RingBuffer<SampleEvent> ring = pipeline.sampleRing();
    Pacer pacer = new Pacer(speed);
    try {
      reader.read(
          new SessionReader.Visitor() {
            @Override
            public void numeric(
                int stream,
                int valueBytes,
                int channels,
                int n,
                long[] index,
                double[] raw,
                double[] corrected,
                double[] values) {
              if (stream != eeg.id()) {
                return;
              }
              int c = Math.min(channels, sample.length);
              for (int i = 0; i < n && running; i++) {
                pacer.await(corrected[i]);
                int base = i * channels;
                for (int k = 0; k < c; k++) {
                  sample[k] = (float) values[base + k];
                }
                long seq = ring.next();
                ring.get(seq)
                    .setEeg(corrected[i], raw[i], System.nanoTime(), index[i], sample, 0, c);
                ring.publish(seq);
              }
              samplesReplayed += n;
            }

            @Override
            public void string(
                int stream, double raw, double corrected, double number, String[] values) {
              if (stream != markers.id() || values.length == 0) {
                return;
              }
              pacer.await(corrected);
              byte[] text = values[0].getBytes(StandardCharsets.UTF_8);
              int length = Math.min(text.length, SampleEvent.MAX_MARKER_BYTES);
              long seq = ring.next();
              ring.get(seq).setMarker(corrected, raw, System.nanoTime(), text, length, number);
              ring.publish(seq);
              markersReplayed++;
            }

            @Override
            public void state(int stream, byte state, double corrected) {
              if (stream != eeg.id()) {
                return;
              }
              boolean stall = state == SessionFormat.STATE_STALL;
              if (stall) {
                stalls++;
              }
              stalled = stall;
              long seq = ring.next();
              ring.get(seq)
                  .setState(
                      stall ? SampleEvent.Kind.STALL : SampleEvent.Kind.RESUMED,
                      corrected,
                      System.nanoTime());
              ring.publish(seq);
            }

            @Override
            public void clock(int stream, double collectedAt, double offset) {
              int ringStream =
                  stream == eeg.id()
                      ? SampleEvent.EEG_STREAM
                      : stream == markers.id() ? SampleEvent.MARKER_STREAM : -1;
              if (ringStream < 0) {
                return;
              }
              long seq = ring.next();
              ring.get(seq).setClockOffset(ringStream, collectedAt, offset, System.nanoTime());
              ring.publish(seq);
            }

            @Override
            public boolean proceed() {
              return running;
            }
          });
    } catch (IOException | RuntimeException e) {
      failure = e;
      LOG.error("replay of {} failed: {}", reader.directory(), e.getMessage());
    } finally {
      ended = true;
    }
  }

  /** Waits until an event's time comes at the replay speed (nothing when speed ≤ 0). */
  private final class Pacer {
    private final double speed;
    private double firstStamp = Double.NaN;
    private long startNanos;

    Pacer(double speed) {
      this.speed = speed;
    }

    void await(double stamp) {
      if (!(speed > 0) || Double.isNaN(stamp)) {
        return;
      }
      if (Double.isNaN(firstStamp)) {
        firstStamp = stamp;
        startNanos = System.nanoTime();
        return;
      }
      long due = startNanos + (long) ((stamp - firstStamp) / speed * 1e9);
      long left;
      while (running && (left = due - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Waits until every event was published (or {@code timeoutMillis} passed). */
  public boolean awaitEnd(long timeoutMillis) throws InterruptedException {
    thread.join(timeoutMillis);
    return ended;
  }

  @Override
  public AcquisitionPipeline pipeline() {
    return pipeline;
  }

  @Override
  public StreamInfo eegStream() {
    return eeg.info();
  }

  @Override
  public StreamInfo markerStream() {
    return markers.info();
  }

  @Override
  public boolean inputEnded() {
    return ended;
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  @Override
  public boolean eegAlive() {
    return !ended;
  }

  @Override
  public long markersReceived() {
    return markersReplayed;
  }

  @Override
  public boolean eegStalled() {
    return stalled || ended;
  }

  @Override
  public long eegStalls() {
    return stalls;
  }

  @Override
  public ObjectNode summary() {
    ObjectNode out = LiveAcquisition.pipelineSummary(pipeline);
    ObjectNode stream = out.putObject("eeg");
    stream.put("name", eeg.name());
    stream.put("source_id", eeg.info().sourceId());
    stream.put("rate", eeg.info().nominalRate());
    stream.put("channels", eeg.channelCount());
    stream.put("samples_replayed", samplesReplayed);
    stream.put("stalls", stalls);
    stream.put("replayed_from", reader.directory().toString());
    stream.put("speed", speed > 0 ? speed : 0.0);
    ObjectNode marker = out.putObject("markers");
    marker.put("name", markers.name());
    marker.put("received", markersReplayed);
    return out;
  }

  /** Stops replaying (if still running), then drains the pipeline. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pipeline.stop();
  }
}
