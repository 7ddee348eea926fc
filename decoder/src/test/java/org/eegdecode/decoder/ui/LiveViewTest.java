package org.eegdecode.decoder.ui;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eegdecode.acquisition.epoch.EpochEvent;
import org.eegdecode.decoder.live.DecodedEpoch;
import org.eegdecode.decoder.live.LiveDecoder;
import org.eegdecode.decoder.live.ResultSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view's server over real sockets: the page and its assets from the jar, images from the
 * dataset only, nothing but reads, loopback-only host names and same-origin WebSockets, and decoded
 * epochs pushed to a WebSocket client (a snapshot, then deltas, then the final summary).
 */
class LiveViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Reply(int status, String head, byte[] body) {
    String text() {
      return new String(body, UTF_8);
    }
  }

  /** One HTTP/1.0 request written byte for byte (paths exactly as given, any Host header). */
  static Reply raw(int port, String method, String path, String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String request =
          method
              + " "
              + path
              + " HTTP/1.0\r\nHost: "
              + host
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(request.getBytes(ISO_8859_1));
      s.getOutputStream().flush();
      byte[] all = s.getInputStream().readAllBytes();
      String text = new String(all, ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(all, end + 4, all.length);
      int status = Integer.parseInt(head.split(" ")[1]);
      return new Reply(status, head, body);
    }
  }

  /** A WebSocket client collecting the view's messages. */
  static final class Browser implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();
    volatile int received;
    WebSocket socket;

    static Browser open(int port, String origin) throws Exception {
      Browser b = new Browser();
      b.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Origin", origin)
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), b)
              .get(10, TimeUnit.SECONDS);
      return b;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(part.toString()));
          received++;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    /** The next message that satisfies {@code test} (others are skipped), within 10 s. */
    JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && test.test(m)) {
          return m;
        }
      }
      throw new AssertionError("no such message within 10 s");
    }
  }

  /** Copies what the sinks saw, to compare with the page's messages. */
  static final class Collect implements ResultSink {
    final List<String[]> seen = new ArrayList<>();

    @Override
    public void accept(DecodedEpoch r) {
      String[] row = new String[1 + 2 * r.topK()];
      row[0] = r.markerText();
      for (int i = 0; i < r.topK(); i++) {
        row[1 + 2 * i] = r.concept(i);
        row[2 + 2 * i] = String.valueOf(Math.rint(r.score(i) * 1e4) / 1e4);
      }
      seen.add(row);
    }
  }

  @Test
  void servesThePageFromTheJarImagesFromTheDatasetAndNothingElse() throws Exception {
    Path data = UiFixture.dataset(dir.resolve("data"), 3);
    Files.writeString(dir.resolve("secret.jpg"), "SECRET");
    Files.writeString(data.resolve("secret.jpg"), "SECRET");
    try (LiveView view = LiveView.start(UiFixture.fast(), null, data)) {
      int port = view.port();
      assertEquals("http://127.0.0.1:" + port + "/", view.url());
      String host = "127.0.0.1:" + port;
      Reply page = raw(port, "GET", "/", host);
      assertEquals(200, page.status());
      assertTrue(page.text().contains("<script src=\"ui.js\">"), page.text());
      for (String asset : List.of("/", "/ui.js", "/ui.css")) {
        Reply r = raw(port, "GET", asset, host);
        assertEquals(200, r.status(), asset);
        assertFalse(
            r.text().matches("(?s).*https?://.*"), asset + " refers to another site: no CDN");
      }
      assertEquals(200, raw(port, "GET", "/", "localhost:" + port).status());

      String concept = UiFixture.GALLERY.concepts().get(1);
      String file = UiFixture.GALLERY.files().get(1);
      Reply image = raw(port, "GET", "/images/test/" + concept + "/" + file, host);
      assertEquals(200, image.status());
      assertTrue(image.head().toLowerCase().contains("content-type: image/jpeg"), image.head());
      assertArrayEquals(
          Files.readAllBytes(data.resolve("test_images/" + concept + "/" + file)), image.body());
      String absent = UiFixture.GALLERY.concepts().get(5);
      assertEquals(
          404,
          raw(port, "GET", "/images/test/" + absent + "/" + UiFixture.GALLERY.files().get(5), host)
              .status());

      // no write endpoints
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        for (String path : List.of("/", "/images/test/" + concept + "/" + file, "/ws")) {
          Reply r = raw(port, method, path, host);
          assertTrue(r.status() == 405 || r.status() == 404, method + " " + path + ": " + r.head());
        }
      }
      assertEquals(405, raw(port, "POST", "/images/test/" + concept + "/" + file, host).status());

      // no way out of the image folders
      for (String path :
          List.of(
              "/images/test/../secret.jpg",
              "/images/test/../../secret.jpg",
              "/images/test/%2e%2e/secret.jpg",
              "/images/test/" + concept + "/..%2f..%2fsecret.jpg",
              "/images/test/" + concept + "/..%2F..%2F..%2Fsecret.jpg",
              "/images/test/..%5c..%5csecret.jpg",
              "/images/test/%2e%2e/%2e%2e/secret.jpg",
              "/../secret.jpg",
              "/images/../../secret.jpg")) {
        Reply r = raw(port, "GET", path, host);
        assertNotEquals(200, r.status(), path);
        assertFalse(r.text().contains("SECRET"), path);
      }

      // a page served under another host name (DNS rebinding) is refused
      assertEquals(403, raw(port, "GET", "/", "evil.example").status());
      assertEquals(403, raw(port, "GET", "/", "evil.example:" + port).status());
      assertTrue(view.summary().get("requests_refused").asLong() >= 2);
    }
  }

  @Test
  void aWebSocketFromAnotherOriginIsRefused() throws Exception {
    try (LiveView view = LiveView.start(UiFixture.fast(), null, null)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> Browser.open(view.port(), "http://evil.example"));
      assertThrows(
          ExecutionException.class,
          () -> Browser.open(view.port(), "http://localhost:" + (view.port() + 1)));
      assertEquals(
          403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode(), "refused");
      // same origin: the page at http://127.0.0.1:PORT/ (Host 127.0.0.1:PORT)
      Browser ok = Browser.open(view.port(), "http://127.0.0.1:" + view.port());
      assertEquals("snapshot", ok.await(m -> true).get("type").asText());
      ok.socket.abort();
    }
  }

  @Test
  void pushesASnapshotThenEachDecodedEpochThenTheFinalSummary() throws Exception {
    Path data = UiFixture.dataset(dir.resolve("data"), 3);
    try (LiveView view = LiveView.start(UiFixture.fast(), null, data)) {
      UiFeed feed =
          view.feed(
              new UiFeed(UiFixture.layout(), UiFixture.GALLERY, 3, view.settings()),
              JSON.createObjectNode());
      Collect collect = new Collect();
      try (LiveDecoder decoder = UiFixture.decoder(collect, feed)) {
        for (int i = 0; i < 6; i++) {
          EpochEvent e = UiFixture.event(i, i, 100 + 0.2 * i);
          decoder.onEvent(e, i, true);
          feed.onEpoch(e);
        }
        waitFor(() -> view.summary().get("epochs_queued").asLong() == 6);
        Thread.sleep(100); // the view thread takes them within a push period
        Browser browser = Browser.open(view.port(), "http://127.0.0.1:" + view.port());
        JsonNode snapshot = browser.await(m -> m.get("type").asText().equals("snapshot"));
        assertEquals(3, snapshot.get("info").get("top_k").asInt());
        assertEquals(10, snapshot.get("info").get("gallery_size").asInt());
        JsonNode epochs = snapshot.get("epochs");
        assertEquals(6, epochs.size());
        for (int i = 0; i < 6; i++) {
          assertEpoch(collect.seen.get(i), epochs.get(i), i);
        }
        JsonNode trace = snapshot.get("trace");
        assertEquals(3, trace.get("data").size());
        assertTrue(trace.get("data").get(0).size() > 0);
        assertTrue(snapshot.get("status").has("ui"));

        for (int i = 6; i < 8; i++) {
          EpochEvent e = UiFixture.event(i, i, 100 + 0.2 * i);
          decoder.onEvent(e, i, true);
          feed.onEpoch(e);
        }
        List<JsonNode> later = new ArrayList<>();
        while (later.size() < 2) {
          JsonNode delta = browser.await(m -> m.get("epochs").size() > 0);
          assertEquals("delta", delta.get("type").asText());
          delta.get("epochs").forEach(later::add);
        }
        assertEpoch(collect.seen.get(6), later.get(0), 6);
        assertEpoch(collect.seen.get(7), later.get(1), 7);
      }
      ObjectNode summary = JSON.createObjectNode();
      summary.put("epochs_decoded", 8);
      summary.put("stopped_by", "max_epochs");
      view.finish(summary);
      Browser b = null;
      JsonNode last = null;
      // the connected browser gets the end; so does one that connects afterwards
      for (int attempt = 0; attempt < 2; attempt++) {
        b = Browser.open(view.port(), "http://127.0.0.1:" + view.port());
        last = b.await(m -> m.get("ended").asBoolean());
        assertEquals(8, last.get("status").get("epochs_decoded").asInt());
        assertEquals("max_epochs", last.get("status").get("stopped_by").asText());
        assertEquals(8, last.get("epochs").size());
      }
      JsonNode ui = view.summary();
      assertEquals(8, ui.get("epochs_queued").asLong());
      assertEquals(0, ui.get("epochs_dropped").asLong());
      assertEquals(8, ui.get("trace_epochs_queued").asLong());
      assertEquals(3, ui.get("clients_total").asLong());
      assertTrue(ui.get("messages_sent").asLong() >= 4);
      assertNotNull(b);
    }
  }

  private static void assertEpoch(String[] sink, JsonNode page, int i) {
    assertEquals(i, page.get("epoch").asInt());
    assertEquals(sink[0], page.get("marker").asText());
    JsonNode topk = page.get("topk");
    assertEquals((sink.length - 1) / 2, topk.size());
    for (int r = 0; r < topk.size(); r++) {
      assertEquals(sink[1 + 2 * r], topk.get(r).get("concept").asText(), "epoch " + i);
      assertEquals(Double.parseDouble(sink[2 + 2 * r]), topk.get(r).get("score").asDouble(), 1e-9);
    }
    // the gallery is the epochs' own embeddings: epoch i ranks its own concept first
    String concept = UiFixture.GALLERY.concepts().get(i);
    assertEquals(concept, page.get("shown").get("concept").asText());
    assertTrue(page.get("top1").asBoolean());
    assertTrue(topk.get(0).get("hit").asBoolean());
    boolean hasImage = i < 3;
    assertEquals(hasImage, page.get("shown").get("image").isTextual(), "epoch " + i);
    assertEquals(hasImage, topk.get(0).get("image").isTextual(), "epoch " + i);
  }

  @Test
  void aBrowserThatStopsReadingIsSkippedCountedAndResyncedWhileAnotherGoesOn() throws Exception {
    UiSettings settings = new UiSettings(0, 10, 100, 60.0, 100, 24, 1024, 64, 4);
    int channels = 64;
    int times = 200;
    try (LiveView view = LiveView.start(settings, null, null)) {
      UiFeed feed =
          view.feed(
              new UiFeed(
                  new UiFeed.Layout(channels, times, 100, -0.2, List.of()),
                  UiFixture.GALLERY,
                  3,
                  settings),
              JSON.createObjectNode());
      int port = view.port();
      Browser reader = Browser.open(port, "http://127.0.0.1:" + port);
      try (Socket stuck = new Socket()) {
        stuck.setReceiveBufferSize(1024);
        stuck.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        String upgrade =
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        stuck.getOutputStream().write(upgrade.getBytes(ISO_8859_1));
        InputStream in = stuck.getInputStream();
        assertTrue(readLine(in).contains("101"), "upgraded");
        // … and never reads again. Feed epochs that do not overlap: every sample is new.
        EpochEvent e = new EpochEvent(channels, times);
        float[] noise = UiFixture.EPOCHS[0];
        for (int k = 0; k < e.data().length; k++) {
          e.data()[k] = noise[k % noise.length];
        }
        byte[] marker = "stim".getBytes(UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int n = 0;
        while (view.summary().get("messages_dropped").asLong() == 0
            && System.nanoTime() < deadline) {
          e.set(n, marker, marker.length, Double.NaN, 10 + 2.0 * n, 10 + 2.0 * n, 0, 0);
          feed.onEpoch(e);
          n++;
          Thread.sleep(2);
        }
        assertTrue(
            view.summary().get("messages_dropped").asLong() > 0, "the stuck browser skipped");
        int before = reader.received;
        for (int k = 0; k < 50; k++, n++) {
          e.set(n, marker, marker.length, Double.NaN, 10 + 2.0 * n, 10 + 2.0 * n, 0, 0);
          feed.onEpoch(e);
          Thread.sleep(2);
        }
        waitFor(() -> reader.received > before + 5);
      }
      reader.socket.abort();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      line.write(c);
    }
    return line.toString(ISO_8859_1);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
