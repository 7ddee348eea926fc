package org.eegdecode.decoder.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eegdecode.decoder.bundle.ModelBundle;
import org.eegdecode.decoder.live.DecoderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view: one page (static files from the jar, no CDN), a WebSocket that pushes what the
 * decoder does, and the dataset's stimulus images, on an embedded Javalin (Jetty) server.
 *
 * <pre>{@code
 * try (LiveView view = LiveView.start(UiSettings.from(config), null, datasetDir)) {
 *   UiFeed feed = view.feed(bundle, decoderSettings);   // a ResultSink + EpochTap for the session
 *   LiveDecoding session = LiveDecoding.start(…, sinks + feed, …);
 *   view.attach(session::progress);
 *   …
 *   view.finish(summary);                                // the page shows the final summary
 * }
 * }</pre>
 *
 * <p>Off the hot path: the decoder thread only copies into the feed's bounded rings ({@link
 * UiFeed}); this view's own thread ({@code eegdecode-ui}) drains them every {@code
 * ui.push_every_ms}, builds the messages and sends them asynchronously. A browser with more than
 * {@code ui.client_backlog} messages unsent is skipped (counted) and later sent a fresh snapshot,
 * so a slow browser delays neither decoding nor the other browsers.
 *
 * <p>Security: listens on 127.0.0.1 unless the caller passes another address (the command line's
 * {@code --ui-host}; it prints a warning). Only GET and the WebSocket are served (anything else is
 * 405); on a loopback address requests must name a loopback host (no DNS rebinding) and a WebSocket
 * must come from the page's own origin (no cross-site WebSocket hijacking); images come only from
 * the dataset's image folders ({@link ImageFolder}).
 */
public final class LiveView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String LOOPBACK = "127.0.0.1";
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  /** A connected browser and its unsent messages. */
  private static final class Client {
    final Session session;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean needsSnapshot = true;

    Client(Session session) {
      this.session = session;
    }
  }

  private final UiSettings settings;
  private final String host;
  private final boolean loopback;
  private final ImageFolder images;
  private final ViewState state;
  private final Javalin app;
  private final String url;
  private final Map<WsContext, Client> clients = new ConcurrentHashMap<>();
  private final Queue<Consumer<ViewState>> commands = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong messagesDropped = new AtomicLong();
  private final AtomicLong snapshotsSent = new AtomicLong();
  private final AtomicLong clientsTotal = new AtomicLong();
  private final AtomicLong imagesServed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile Supplier<ObjectNode> progress;
  private volatile UiFeed feed;
  private volatile boolean running = true;
  private volatile CountDownLatch finalPush;
  private volatile Throwable viewError;
  private boolean closed;

  private LiveView(UiSettings settings, String host, Path datasetDir) {
    this.settings = settings;
    this.host = host;
    this.loopback = isLoopback(host);
    this.images = new ImageFolder(datasetDir);
    this.state = new ViewState(settings, images);
    this.app = Javalin.create(this::configure);
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(
          new IOException(
              "live view: cannot listen on " + host + ":" + settings.port() + ": " + reason(e), e));
    }
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    this.url = "http://" + shownHost + ":" + app.port() + "/";
    this.thread = new Thread(this::loop, "eegdecode-ui");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts the server and the view thread.
   *
   * @param host the address to listen on; null = 127.0.0.1
   * @param datasetDir the dataset whose image folders the page may show (null = none)
   * @throws IOException the address cannot be listened on (port taken, unknown address)
   */
  public static LiveView start(UiSettings settings, String host, Path datasetDir)
      throws IOException {
    try {
      return new LiveView(settings, host == null || host.isBlank() ? LOOPBACK : host, datasetDir);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof UnknownHostException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }

  /** Whether {@code host} is a loopback address (the default); anything else gets a warning. */
  public static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void configure(io.javalin.config.JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.jetty.host = host;
    config.jetty.port = settings.port();
    QueuedThreadPool pool = new QueuedThreadPool(16, 2, 60_000);
    pool.setName("eegdecode-ui-http");
    pool.setDaemon(true);
    config.jetty.threadPool = pool;
    config.jetty.modifyWebSocketServletFactory(
        factory -> {
          factory.setMaxTextMessageSize(1024);
          factory.setIdleTimeout(java.time.Duration.ofMinutes(10));
        });
    config.http.prefer405over404 = true;
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = "/eegdecode/ui";
          files.location = Location.CLASSPATH;
          files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
        });
    config.routes.before(this::checkHost);
    config.routes.wsBeforeUpgrade(
        ctx -> {
          checkHost(ctx);
          checkOrigin(ctx);
        });
    config.routes.get("/images/{split}/{concept}/{file}", this::image);
    config.routes.ws(
        "/ws",
        ws -> {
          ws.onConnect(
              ctx -> {
                clientsTotal.incrementAndGet();
                clients.put(ctx, new Client(ctx.session));
                LockSupport.unpark(thread);
              });
          ws.onClose(ctx -> clients.remove(ctx));
          ws.onError(ctx -> clients.remove(ctx));
          ws.onMessage(ctx -> {}); // the page only listens
        });
  }

  /** On a loopback address, a request for another host name is a DNS-rebinding attempt. */
  private void checkHost(Context ctx) {
    if (!loopback) {
      return;
    }
    String h = ctx.host();
    String name = h == null ? "" : h.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf(']')) {
      name = name.substring(0, colon);
    }
    if (!LOOPBACK_NAMES.contains(name)) {
      refused.incrementAndGet();
      throw new ForbiddenResponse("the live view answers only to 127.0.0.1 / localhost");
    }
  }

  /** A browser opens the WebSocket only from this server's own page. */
  private void checkOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return; // not a browser (browsers always send Origin on WebSocket requests)
    }
    try {
      URI o = URI.create(origin);
      String authority = o.getRawAuthority();
      if (authority != null && authority.equalsIgnoreCase(ctx.host())) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // fall through: refused
    }
    refused.incrementAndGet();
    throw new ForbiddenResponse("WebSocket from another origin refused");
  }

  private void image(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    Path path = images.resolve(ctx.pathParam("split"), ctx.pathParam("concept"), file);
    if (path == null) {
      throw new NotFoundResponse("no such image");
    }
    imagesServed.incrementAndGet();
    ctx.contentType(ImageFolder.contentType(file));
    ctx.header("Cache-Control", "max-age=3600");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.result(Files.newInputStream(path));
  }

  // ------------------------------------------------------------------ for the session

  /** The page's address. */
  public String url() {
    return url;
  }

  /** The port listened on (the real one when {@code ui.port} is 0). */
  public int port() {
    return app.port();
  }

  /** The address listened on. */
  public String host() {
    return host;
  }

  /**
   * The sink (and epoch tap) for a decoding session with {@code bundle}; the page switches to that
   * session. Give it to {@link org.eegdecode.decoder.live.LiveDecoding#start} with the other sinks.
   */
  public UiFeed feed(ModelBundle bundle, DecoderSettings decoder) {
    UiFeed newFeed = UiFeed.forBundle(bundle, decoder, settings);
    ObjectNode info = NODES.objectNode();
    info.put("bundle", bundle.directory() == null ? null : bundle.directory().toString());
    info.put("fingerprint", bundle.fingerprint());
    info.put("tmax", bundle.contract().tmax());
    return feed(newFeed, info);
  }

  /** Switches the page to {@code newFeed}'s session, described by {@code info} (and the feed). */
  UiFeed feed(UiFeed newFeed, ObjectNode info) {
    info.put("gallery_size", newFeed.gallery().size());
    info.put("top_k", newFeed.topK());
    UiFeed.Layout layout = newFeed.layout();
    info.put("model_rate", layout.rate());
    info.put("tmin", layout.tmin());
    ArrayNode channels = info.putArray("channels");
    for (int c = 0; c < layout.channels(); c++) {
      channels.add(c < layout.labels().size() ? layout.labels().get(c) : "ch" + (c + 1));
    }
    info.put("trace_seconds", settings.traceSeconds());
    info.put("dataset", images.root() == null ? null : images.root().toString());
    info.put("images", images.present());
    this.feed = newFeed;
    commands.add(
        s -> {
          s.attach(newFeed, info);
          for (Client c : clients.values()) {
            c.needsSnapshot = true; // a page opened earlier learns about the session
          }
        });
    LockSupport.unpark(thread);
    return newFeed;
  }

  UiSettings settings() {
    return settings;
  }

  /** Where the session's running summary comes from ({@code LiveDecoding::progress}). */
  public void attach(Supplier<ObjectNode> progressSource) {
    this.progress = progressSource;
  }

  /** A line for the page while there is nothing to decode yet ("training a bundle" …). */
  public void phase(String text) {
    commands.add(s -> s.phase(text));
    LockSupport.unpark(thread);
  }

  /**
   * The session is over: the page gets what the decoder still queued and {@code summary} as the
   * final status (waits up to a few seconds for that push).
   */
  public void finish(ObjectNode summary) {
    this.progress = null;
    CountDownLatch pushed = new CountDownLatch(1);
    finalPush = pushed;
    ObjectNode last = summary.deepCopy();
    commands.add(s -> s.end(last));
    LockSupport.unpark(thread);
    try {
      if (!pushed.await(5, TimeUnit.SECONDS)) {
        LOG.warn("live view: the final summary was not pushed in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The view's counters, for the session summary ({@code "ui"}). */
  public ObjectNode summary() {
    ObjectNode out = NODES.objectNode();
    out.put("url", url);
    UiFeed f = feed;
    out.put("epochs_queued", f == null ? 0 : f.resultsQueued());
    out.put("epochs_dropped", f == null ? 0 : f.resultsDropped());
    out.put("trace_epochs_queued", f == null ? 0 : f.epochsQueued());
    out.put("trace_epochs_dropped", f == null ? 0 : f.epochsDropped());
    out.put("clients", clients.size());
    out.put("clients_total", clientsTotal.get());
    out.put("messages_sent", messagesSent.get());
    out.put("messages_dropped", messagesDropped.get());
    out.put("snapshots_sent", snapshotsSent.get());
    out.put("images_served", imagesServed.get());
    out.put("requests_refused", refused.get());
    return out;
  }

  // ------------------------------------------------------------------ the view thread

  private void loop() {
    long pushEvery = TimeUnit.MILLISECONDS.toNanos(settings.pushEveryMs());
    long statusEvery = TimeUnit.MILLISECONDS.toNanos(settings.statusEveryMs());
    long nextStatus = System.nanoTime();
    boolean failed = false;
    while (running) {
      try {
        CountDownLatch ending = null;
        for (Consumer<ViewState> c; (c = commands.poll()) != null; ) {
          c.accept(state);
          if (state.ended()) {
            ending = finalPush;
          }
        }
        state.drain();
        long now = System.nanoTime();
        boolean withStatus = ending != null || now - nextStatus >= 0;
        if (withStatus && !state.ended()) {
          state.status(status());
          nextStatus = now + statusEvery;
        }
        push(withStatus);
        if (ending != null) {
          ending.countDown();
        }
      } catch (Exception | LinkageError e) {
        viewError = e;
        if (!failed) {
          failed = true;
          LOG.error("live view: update failed (decoding goes on; further failures are quiet)", e);
        }
      }
      LockSupport.parkNanos(pushEvery);
    }
  }

  private ObjectNode status() {
    Supplier<ObjectNode> source = progress;
    ObjectNode out = source == null ? NODES.objectNode() : source.get();
    out.set("ui", summary());
    return out;
  }

  /** Sends each browser a snapshot (new or behind) or the shared delta. */
  private void push(boolean withStatus) throws JsonProcessingException {
    boolean wantsDelta = false;
    boolean wantsSnapshot = false;
    for (Client c : clients.values()) {
      if (c.needsSnapshot) {
        wantsSnapshot = true;
      } else {
        wantsDelta = true;
      }
    }
    String delta = null;
    if (wantsDelta) {
      ObjectNode d = state.delta(withStatus);
      delta = d == null ? null : JSON.writeValueAsString(d);
    } else {
      state.discardDelta();
    }
    String snapshot = wantsSnapshot ? JSON.writeValueAsString(state.snapshot()) : null;
    for (Client c : clients.values()) {
      if (c.needsSnapshot) {
        if (send(c, snapshot)) {
          c.needsSnapshot = false;
          snapshotsSent.incrementAndGet();
        }
      } else if (delta != null) {
        send(c, delta);
      }
    }
  }

  /** Queues one message for {@code c} unless it already has too many unsent ones. */
  private boolean send(Client c, String text) {
    if (!c.session.isOpen()) {
      return false;
    }
    if (c.inFlight.get() >= settings.clientBacklog()) {
      messagesDropped.incrementAndGet();
      c.needsSnapshot = true; // it missed something: start it afresh once it caught up
      return false;
    }
    c.inFlight.incrementAndGet();
    c.session.sendText(
        text, Callback.from(c.inFlight::decrementAndGet, error -> c.inFlight.decrementAndGet()));
    messagesSent.incrementAndGet();
    return true;
  }

  /** The view thread's last error, or null. */
  public Throwable error() {
    return viewError;
  }

  /**
   * Stops the view thread, gives the browsers a moment to receive what was sent, then stops the
   * server. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      for (Client c : clients.values()) {
        while (c.inFlight.get() > 0 && c.session.isOpen() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
  }
}
