package org.eegdecode.acquisition.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eegdecode.acquisition.lsl.Lsl;
import org.eegdecode.acquisition.lsl.LslOutlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-publishes a session's streams as LSL outlets with their original names, types, formats, source
 * ids and channel labels. Every stream is re-stamped against one shared start: a sample recorded at
 * corrected time {@code t} is pushed at, and stamped with, {@code start + (t − t0) / speed}, where
 * {@code t0} is the session's first timestamp; so marker-to-sample offsets are kept exactly at
 * speed 1 and scaled with the timeline otherwise (the nominal rate is announced unchanged: an
 * epocher counts samples, and markers stay on the same samples). Gaps (outages) replay as silence.
 * Values go out as float32 (liblsl converts them to the stream's format); markers of a numeric
 * marker stream go out as the numbers they were. Clock offsets and stall records are not
 * re-published: the new outlets live on this machine's clock.
 */
public final class LslReplay {
  private static final Logger LOG = LoggerFactory.getLogger(LslReplay.class);

  private LslReplay() {}

  /**
   * Replays {@code session}; returns a summary (samples pushed per stream, seconds).
   *
   * @param speed 1 = real time; must be > 0
   * @param waitForConsumersS wait up to this long for an inlet on every stream before starting (0:
   *     start at once)
   * @param stop polled between pushes: true ends the replay early
   */
  public static ObjectNode run(
      Path session, double speed, double waitForConsumersS, BooleanSupplier stop)
      throws IOException, InterruptedException {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("LSL replay needs a speed > 0, got " + speed);
    }
    SessionReader reader = SessionReader.open(session);
    List<SessionStream> streams = reader.streams();
    if (streams.isEmpty()) {
      throw new IOException(session + ": session has no streams to replay");
    }
    Map<Integer, LslOutlet> outlets = new HashMap<>();
    Map<Integer, long[]> pushed = new HashMap<>();
    try {
      for (SessionStream s : streams) {
        StreamInfo info = s.info();
        LslOutlet outlet =
            LslOutlet.create(
                info.name(),
                info.type(),
                info.channelCount(),
                info.nominalRate(),
                info.channelFormat(),
                info.sourceId(),
                info.channelLabels().size() == info.channelCount()
                    ? info.channelLabels()
                    : List.of(),
                null,
                null);
        outlets.put(s.id(), outlet);
        pushed.put(s.id(), new long[1]);
      }
      waitForConsumers(streams, outlets, waitForConsumersS);
      Lsl lsl = Lsl.get();
      Clock clock = new Clock(lsl, speed, stop);
      long startNanos = System.nanoTime();
      reader.read(
          new SessionReader.Visitor() {
            private float[] values = new float[0];
            private double[] stamps = new double[0];

            @Override
            public void numeric(
                int stream,
                int valueBytes,
                int channels,
                int n,
                long[] index,
                double[] raw,
                double[] corrected,
                double[] data) {
              LslOutlet outlet = outlets.get(stream);
              if (outlet == null || n == 0) {
                return;
              }
              if (values.length < n * channels) {
                values = new float[n * channels];
              }
              if (stamps.length < n) {
                stamps = new double[n];
              }
              for (int i = 0; i < n * channels; i++) {
                values[i] = (float) data[i];
              }
              for (int i = 0; i < n; i++) {
                stamps[i] = clock.restamp(corrected[i]);
              }
              clock.waitUntil(stamps[n - 1]);
              outlet.pushChunk(values, n, stamps);
              pushed.get(stream)[0] += n;
            }

            @Override
            public void string(
                int stream, double raw, double corrected, double number, String[] strings) {
              LslOutlet outlet = outlets.get(stream);
              if (outlet == null) {
                return;
              }
              double stamp = clock.restamp(corrected);
              clock.waitUntil(stamp);
              if (outlet.info().isString()) {
                outlet.pushStrings(strings, stamp);
              } else {
                outlet.pushMarkerValue(
                    Double.isNaN(number) ? strings[0] : Double.toString(number), stamp);
              }
              pushed.get(stream)[0]++;
            }

            @Override
            public boolean proceed() {
              return !clock.stopped();
            }
          });
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("session", session.toString());
      out.put("to", "lsl");
      out.put("speed", speed);
      out.put("stopped_early", clock.stopped());
      out.put("seconds", Math.rint((System.nanoTime() - startNanos) / 1e6) / 1e3);
      ArrayNode list = out.putArray("streams");
      for (SessionStream s : streams) {
        ObjectNode node = list.addObject();
        node.put("name", s.name());
        node.put("type", s.info().type());
        node.put("source_id", s.info().sourceId());
        node.put("samples_pushed", pushed.get(s.id())[0]);
      }
      return out;
    } finally {
      List<LslOutlet> open = new ArrayList<>(outlets.values());
      // Let inlets take the last samples before the outlets disappear.
      TimeUnit.MILLISECONDS.sleep(open.isEmpty() ? 0 : 500);
      for (LslOutlet outlet : open) {
        outlet.close();
      }
    }
  }

  /**
   * Waits (up to {@code seconds} in all) until every outlet has an inlet: samples pushed before an
   * inlet connects are lost to it.
   */
  private static void waitForConsumers(
      List<SessionStream> streams, Map<Integer, LslOutlet> outlets, double seconds) {
    if (seconds <= 0) {
      return;
    }
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    for (SessionStream s : streams) {
      double left = (deadline - System.nanoTime()) / 1e9;
      if (left <= 0 || !outlets.get(s.id()).waitForConsumers(left)) {
        LOG.warn("stream '{}' has no inlet after {} s; replaying anyway", s.name(), seconds);
        return;
      }
    }
  }

  /** The shared re-stamping: first timestamp seen ↦ the LSL clock at the start. */
  private static final class Clock {
    private final Lsl lsl;
    private final double speed;
    private final BooleanSupplier stop;
    private double t0 = Double.NaN;
    private double start;
    private boolean stopped;

    Clock(Lsl lsl, double speed, BooleanSupplier stop) {
      this.lsl = lsl;
      this.speed = speed;
      this.stop = stop;
    }

    double restamp(double t) {
      if (Double.isNaN(t0)) {
        t0 = t;
        start = lsl.localClock() + 0.05;
      }
      return start + (t - t0) / speed;
    }

    void waitUntil(double stamp) {
      while (!stopped) {
        if (stop.getAsBoolean()) {
          stopped = true;
          return;
        }
        double left = stamp - lsl.localClock();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.sleep((long) (Math.min(left, 0.05) * 1e9));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }

    boolean stopped() {
      return stopped;
    }
  }
}
