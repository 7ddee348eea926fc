package org.eegdecode.acquisition.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.epoch.DueHintConsumer;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.acquisition.epoch.EpochGeometry;
import org.eegdecode.acquisition.epoch.EpochSpec;
import org.eegdecode.acquisition.epoch.Epocher;
import org.eegdecode.acquisition.epoch.EpocherCounters;
import org.eegdecode.acquisition.epoch.StreamLayout;
import org.eegdecode.acquisition.stimulus.CatchCodes;
import org.eegdecode.acquisition.stimulus.StimulusSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two rings of live acquisition:
 *
 * <pre>
 *  ingest threads ──▶ sample ring (multi-producer) ──▶ epocher ──▶ epoch ring (single producer) ──▶ epoch consumers
 *                                                  └─▶ extra sample consumers (recorder …), in parallel
 * </pre>
 *
 * Ingest threads publish into {@link #sampleRing()} with {@code tryNext()/get()/publish()} and
 * count {@link DropReason#RING_FULL} themselves; the epocher never blocks (a full epoch ring is
 * counted). Every event of both rings is preallocated. Threads are daemons named {@code
 * eegdecode-epocher}, {@code eegdecode-samples-<consumer>}, {@code eegdecode-epochs-<consumer>}.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * AcquisitionPipeline pipeline =
 *     AcquisitionPipeline.builder(new StreamLayout(name, rate, labels))
 *         .config(config)                       // acquisition.*, eeg_t_start/end, channels
 *         .spec(spec.withWhitening(w))          // optional: the model bundle's contract
 *         .sampleConsumers(recorder)            // optional
 *         .epochConsumers(decoder, calibration) // run in parallel on the epoch ring
 *         .build();
 * pipeline.start();
 * RingBuffer<SampleEvent> ring = pipeline.sampleRing(); // hand to the ingest threads
 * …
 * pipeline.stop(); // after the ingest threads stopped publishing: drains both rings
 * }</pre>
 */
public final class AcquisitionPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AcquisitionPipeline.class);

  private final PipelineSettings settings;
  private final Disruptor<SampleEvent> samples;
  private final Disruptor<EpochEvent> epochs;
  private final List<EventHandler<SampleEvent>> sampleHandlers;
  private final List<EventHandler<EpochEvent>> epochHandlers;
  private final Epocher epocher;
  private final DropCounters drops;
  private final AtomicLong handlerErrors = new AtomicLong();
  private final int maxChannels;
  private boolean started;
  private boolean stopped;

  /**
   * The due-hint lead the epoch consumers ask for: the largest, when every consumer is a {@link
   * DueHintConsumer} (one that is not would not know a hint from an epoch), else 0 (no hints).
   */
  static double dueLead(List<? extends EventHandler<? super EpochEvent>> consumers) {
    double lead = 0;
    for (EventHandler<? super EpochEvent> c : consumers) {
      if (!(c instanceof DueHintConsumer hints)) {
        return 0;
      }
      lead = Math.max(lead, hints.dueLeadSeconds());
    }
    return lead;
  }

  private AcquisitionPipeline(Builder b) {
    this.settings = b.settings;
    this.drops = b.drops;
    EpochGeometry geometry = Epocher.geometry(b.spec, b.stream, settings);
    int channels = geometry.channels();
    int times = geometry.times();
    this.maxChannels = Math.max(b.maxChannels, b.stream.channelCount());
    WaitStrategies wait = WaitStrategies.parse(settings.waitStrategy());

    List<String> epochThreads = threadNames("eegdecode-epochs-", b.epochConsumers);
    this.epochs =
        new Disruptor<>(
            () -> new EpochEvent(channels, times),
            settings.epochRingSize(),
            new NamedThreadFactory("eegdecode-epochs", epochThreads),
            ProducerType.SINGLE,
            wait.create());
    epochs.setDefaultExceptionHandler(new LoggingExceptionHandler<>("epoch", handlerErrors));
    if (!b.epochConsumers.isEmpty()) {
      epochs.handleEventsWith(b.epochConsumers.toArray(eventHandlers(0)));
    }
    this.epochHandlers = castHandlers(b.epochConsumers);

    this.epocher =
        Epocher.create(b.spec, b.stream, settings, b.catchCodes, drops, epochs.getRingBuffer());
    epocher.dueHints(dueLead(b.epochConsumers));
    List<String> sampleThreads = new ArrayList<>();
    sampleThreads.add("eegdecode-epocher");
    sampleThreads.addAll(threadNames("eegdecode-samples-", b.sampleConsumers));
    int slotChannels = maxChannels;
    this.samples =
        new Disruptor<>(
            () -> new SampleEvent(slotChannels),
            settings.ringSize(),
            new NamedThreadFactory("eegdecode-samples", sampleThreads),
            ProducerType.MULTI,
            wait.create());
    samples.setDefaultExceptionHandler(new LoggingExceptionHandler<>("sample", handlerErrors));
    List<EventHandler<? super SampleEvent>> handlers = new ArrayList<>();
    handlers.add(epocher);
    handlers.addAll(b.sampleConsumers);
    samples.handleEventsWith(handlers.toArray(sampleHandlers(0)));
    this.sampleHandlers = castHandlers(handlers);
  }

  /** {@code EventHandler<? super T>} as {@code EventHandler<T>}, as Disruptor's lookups take it. */
  @SuppressWarnings("unchecked")
  private static <T> List<EventHandler<T>> castHandlers(
      List<? extends EventHandler<? super T>> in) {
    List<EventHandler<T>> out = new ArrayList<>();
    for (EventHandler<? super T> handler : in) {
      out.add((EventHandler<T>) handler);
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private static EventHandler<? super EpochEvent>[] eventHandlers(int n) {
    return (EventHandler<? super EpochEvent>[]) new EventHandler<?>[n];
  }

  @SuppressWarnings("unchecked")
  private static EventHandler<? super SampleEvent>[] sampleHandlers(int n) {
    return (EventHandler<? super SampleEvent>[]) new EventHandler<?>[n];
  }

  /** One name per consumer: its class name, else consumer-N; repeats get -2, -3 … */
  private static List<String> threadNames(String prefix, List<?> consumers) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < consumers.size(); i++) {
      String base = prefix + consumerName(consumers.get(i), i);
      String name = base;
      for (int n = 2; names.contains(name); n++) {
        name = base + "-" + n;
      }
      names.add(name);
    }
    return names;
  }

  private static String consumerName(Object handler, int i) {
    Class<?> type = handler.getClass();
    String name = type.getSimpleName();
    if (type.isSynthetic() || type.isAnonymousClass() || name.isEmpty() || name.contains("$")) {
      return "consumer-" + (i + 1);
    }
    return name;
  }

  public static Builder builder(StreamLayout stream) {
    return new Builder(stream);
  }

  /** Starts the consumer threads (epoch ring first, so the epocher can always publish). */
  public synchronized AcquisitionPipeline start() {
    if (started) {
      throw new IllegalStateException("pipeline already started");
    }
    started = true;
    epochs.start();
    samples.start();
    LOG.debug("acquisition pipeline started: {}", epocher.geometry());
    return this;
  }

  /**
   * Drains and stops: waits (up to {@code acquisition.stop_timeout_s}) until every published sample
   * went through the epocher and every other sample consumer, counts epochs still waiting as {@link
   * DropReason#INCOMPLETE_AT_STOP}, then drains the epoch ring. Stop the ingest threads first: a
   * ring that keeps receiving never drains. Idempotent.
   */
  public synchronized void stop() {
    if (!started || stopped) {
      stopped = true;
      return;
    }
    stopped = true;
    long timeoutNanos = (long) (settings.stopTimeoutS() * 1e9);
    drain(samples, sampleHandlers, "sample", timeoutNanos);
    try {
      if (!epocher.awaitShutdown(timeoutNanos, TimeUnit.NANOSECONDS)) {
        LOG.warn("epocher did not finish its shutdown within {} s", settings.stopTimeoutS());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain(epochs, epochHandlers, "epoch", timeoutNanos);
  }

  /**
   * Waits until every consumer has processed everything published, then halts the ring. Disruptor's
   * own {@code shutdown} skips consumers whose thread has not started running yet, so a stop right
   * after a start could halt them before they saw the events published in between.
   */
  private static <T> void drain(
      Disruptor<T> disruptor, List<EventHandler<T>> handlers, String ring, long timeoutNanos) {
    long cursor = disruptor.getRingBuffer().getCursor();
    long deadline = System.nanoTime() + timeoutNanos;
    for (EventHandler<T> handler : handlers) {
      while (disruptor.getSequenceValueFor(handler) < cursor) {
        if (System.nanoTime() - deadline > 0) {
          LOG.warn("{} ring did not drain in time; halting its consumers", ring);
          disruptor.halt();
          return;
        }
        LockSupport.parkNanos(100_000);
      }
    }
    disruptor.halt();
  }

  @Override
  public void close() {
    stop();
  }

  /** Where the ingest threads publish (multi-producer; use {@code tryNext()}). */
  public RingBuffer<SampleEvent> sampleRing() {
    return samples.getRingBuffer();
  }

  /** The epoch ring (its consumers were given to the builder). */
  public RingBuffer<EpochEvent> epochRing() {
    return epochs.getRingBuffer();
  }

  /** Values per sample slot ({@link SampleEvent#values()} length). */
  public int maxChannels() {
    return maxChannels;
  }

  public Epocher epocher() {
    return epocher;
  }

  /** Epoch shape, channel order, rates and filter. */
  public EpochGeometry geometry() {
    return epocher.geometry();
  }

  public DropCounters drops() {
    return drops;
  }

  public EpocherCounters epocherCounters() {
    return epocher.counters();
  }

  /** Exceptions thrown by ring consumers (logged; the consumers kept running). */
  public long handlerErrors() {
    return handlerErrors.get();
  }

  public PipelineSettings settings() {
    return settings;
  }

  /**
   * Builds an {@link AcquisitionPipeline}; {@link #config} or both settings and spec are needed.
   */
  public static final class Builder {
    private final StreamLayout stream;
    private PipelineSettings settings;
    private EpochSpec spec;
    private DropCounters drops = new DropCounters();
    private CatchCodes catchCodes = CatchCodes.defaults();
    private int maxChannels;
    private final List<EventHandler<? super SampleEvent>> sampleConsumers = new ArrayList<>();
    private final List<EventHandler<? super EpochEvent>> epochConsumers = new ArrayList<>();

    private Builder(StreamLayout stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
    }

    /**
     * Settings from {@code acquisition.*}, spec from the window, channels and model rate, catch
     * codes from {@code stimulus.catch_codes}.
     */
    public Builder config(Config config) {
      this.settings = PipelineSettings.fromConfig(config);
      this.spec = EpochSpec.fromConfig(config);
      this.catchCodes = StimulusSettings.from(config).catchCodesSet();
      return this;
    }

    /** Markers that open no epoch (default {@link CatchCodes#defaults()}, as the config's). */
    public Builder catchCodes(CatchCodes codes) {
      this.catchCodes = Objects.requireNonNull(codes);
      return this;
    }

    public Builder settings(PipelineSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The epoch contract (replaces the one from {@link #config}). */
    public Builder spec(EpochSpec spec) {
      this.spec = spec;
      return this;
    }

    /** Shares drop counters with the ingest (default: new ones). */
    public Builder drops(DropCounters drops) {
      this.drops = Objects.requireNonNull(drops);
      return this;
    }

    /** Values per sample slot if the ingest needs more than the stream's channel count. */
    public Builder maxChannels(int maxChannels) {
      this.maxChannels = maxChannels;
      return this;
    }

    /** Consumers that see every sample-ring event alongside the epocher (e.g. a recorder). */
    @SafeVarargs
    public final Builder sampleConsumers(EventHandler<? super SampleEvent>... consumers) {
      for (EventHandler<? super SampleEvent> consumer : consumers) {
        sampleConsumers.add(Objects.requireNonNull(consumer));
      }
      return this;
    }

    /** Consumers of completed epochs, run in parallel (e.g. decoder, calibration writer). */
    @SafeVarargs
    public final Builder epochConsumers(EventHandler<? super EpochEvent>... consumers) {
      for (EventHandler<? super EpochEvent> consumer : consumers) {
        epochConsumers.add(Objects.requireNonNull(consumer));
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException for an unusable stream (rate, channels) or settings
     */
    public AcquisitionPipeline build() {
      if (settings == null || spec == null) {
        throw new IllegalStateException("set config(...) or both settings(...) and spec(...)");
      }
      return new AcquisitionPipeline(this);
    }
  }
}
