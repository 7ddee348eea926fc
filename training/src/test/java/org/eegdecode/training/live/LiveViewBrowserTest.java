package org.eegdecode.training.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eegdecode.acquisition.cli.SimulateCommand;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.acquisition.sim.AmplifierSimulator;
import org.eegdecode.acquisition.sim.SimulatorSettings;
import org.eegdecode.training.cli.EegDecode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * {@code eegdecode decode --ui} in a real browser: the amplifier simulator streams on loopback LSL,
 * {@code decode} runs with the live view and JSON lines, headless Chromium (Debian's {@code
 * chromium} through its {@code chromedriver}) opens the printed URL while it decodes, and the
 * decoded epochs the page lists (index, marker, top-k concepts and scores, images that loaded) and
 * its final counters equal the JSON results and summary. Skipped, saying so, only where no Chromium
 * is installed ({@code .ci/run} installs it).
 */
class LiveViewBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIALS = 60;
  private static final Pattern URL = Pattern.compile("live view at (http://\\S+)");

  @TempDir Path tmp;

  static Path executable(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  static ChromeDriver chromium(Path binary, Path driver, Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.toFile());
    // Headless as root on a machine without network: no sandbox, no background connections.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=1400,1900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  @Test
  void decodedEpochsAppearInHeadlessChromiumAsInTheJsonResults() throws Exception {
    Path binary = executable("chromium", "chromium-browser", "google-chrome");
    Path driverBinary = executable("chromedriver");
    Assumptions.assumeTrue(
        binary != null && driverBinary != null,
        "browser test skipped: no Chromium and chromedriver on PATH"
            + " (apt-get install chromium chromium-driver; .ci/run installs them)");

    Path jsonl = tmp.resolve("results.jsonl");
    List<String> overrides =
        LiveTesting.overrides(
            "simulate.native_rate=100", "simulate.trials=" + TRIALS, "decoder.jsonl=" + jsonl);
    Config config = LiveTesting.config(overrides);
    SimulatorSettings settings = SimulatorSettings.from(config);
    AmplifierSimulator simulator = SimulateCommand.build(config, settings);
    CompletableFuture<AmplifierSimulator.Summary> streaming =
        CompletableFuture.supplyAsync(simulator::run);
    List<String> args =
        new ArrayList<>(
            List.of(
                "decode",
                "--model",
                LiveTesting.bundle().toString(),
                "--eeg",
                settings.eegName(),
                "--markers",
                settings.markerName(),
                "--max-epochs",
                String.valueOf(TRIALS),
                "--ui=0"));
    args.addAll(overrides);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = EegDecode.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> decoding =
        CompletableFuture.supplyAsync(() -> cmd.execute(args.toArray(new String[0])));
    ChromeDriver browser = null;
    try {
      String url = awaitUrl(err, decoding);
      browser = chromium(binary, driverBinary, Files.createDirectories(tmp.resolve("profile")));
      browser.get(url);
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
      wait.until(d -> d.findElements(By.cssSelector("#epochs .epoch")).size() >= 5);
      assertEquals("connected", browser.findElement(By.id("conn")).getText());
      int code = decoding.get(180, TimeUnit.SECONDS);
      assertEquals(0, code, err.toString());
      wait.until(d -> d.findElement(By.id("phase")).getText().startsWith("ended"));

      JsonNode summary = JSON.readTree(out.toString().strip().lines().reduce((a, b) -> b).get());
      Map<Integer, JsonNode> results = new HashMap<>();
      for (String line : Files.readAllLines(jsonl)) {
        JsonNode r = JSON.readTree(line);
        results.put(r.get("epoch").asInt(), r);
      }
      assertEquals(TRIALS, summary.get("epochs_decoded").asInt());
      assertEquals(TRIALS, results.size());

      // the counters the page shows are the summary's
      assertEquals(
          summary.get("epochs_decoded").asText(), browser.findElement(By.id("decoded")).getText());
      assertEquals(percent(summary.get("top1")), browser.findElement(By.id("top1")).getText());
      assertEquals(percent(summary.get("top5")), browser.findElement(By.id("top5")).getText());
      assertEquals(settings.eegName(), browser.findElement(By.id("eeg-name")).getText());
      assertEquals(settings.markerName(), browser.findElement(By.id("marker-name")).getText());
      // the session's description reached the page, whenever it connected
      String header = browser.findElement(By.id("bundle")).getText();
      assertTrue(header.contains("gallery " + summary.get("gallery_size").asInt()), header);
      String legend = browser.findElement(By.id("trace-legend")).getText();
      assertTrue(
          legend.startsWith(summary.get("eeg").get("channels").asInt() + " channels at"), legend);

      // every listed epoch is the decoder's result for that epoch, newest first
      List<WebElement> rows = browser.findElements(By.cssSelector("#epochs .epoch"));
      assertEquals(24, rows.size(), "the page lists the last 24 epochs");
      int previous = Integer.MAX_VALUE;
      for (WebElement row : rows) {
        int epoch = Integer.parseInt(row.getAttribute("data-epoch"));
        assertTrue(epoch < previous, "newest first");
        previous = epoch;
        JsonNode result = results.get(epoch);
        assertNotNull(result, "epoch " + epoch + " is in the JSON results");
        List<WebElement> candidates = row.findElements(By.cssSelector(".topk .thumb"));
        JsonNode topk = result.get("topk");
        assertEquals(topk.size(), candidates.size(), "epoch " + epoch);
        for (int r = 0; r < topk.size(); r++) {
          WebElement c = candidates.get(r);
          assertEquals(topk.get(r).get("concept").asText(), c.getAttribute("data-concept"));
          assertEquals(
              topk.get(r).get("concept").asText(),
              c.findElement(By.className("concept")).getText());
          assertEquals(
              topk.get(r).get("score").asDouble(),
              Double.parseDouble(c.getAttribute("data-score")),
              1e-4);
        }
        String marker = result.get("marker").asText();
        String shown = marker.substring(0, marker.indexOf('/'));
        assertEquals(
            shown,
            row.findElement(By.cssSelector(".thumb.shown .concept")).getText(),
            "epoch " + epoch);
        boolean hit = topk.get(0).get("concept").asText().equals(shown);
        assertEquals(hit, row.getAttribute("class").contains("top1"), "epoch " + epoch);
      }
      assertEquals(TRIALS - 1, Integer.parseInt(rows.get(0).getAttribute("data-epoch")));

      // the dataset's images were served and decoded by the browser
      Object images =
          browser.executeScript(
              "const imgs = [...document.querySelectorAll('#epochs img')];"
                  + "return [imgs.length, imgs.filter(i => i.complete && i.naturalWidth > 0).length];");
      List<?> counts = (List<?>) images;
      assertTrue(((Number) counts.get(0)).intValue() >= 24 * 2, "thumbnails: " + counts);
      assertEquals(counts.get(0), counts.get(1), "every thumbnail loaded: " + counts);

      // the view counted what it did, and dropped nothing
      JsonNode ui = summary.get("ui");
      assertEquals(TRIALS, ui.get("epochs_queued").asInt());
      assertEquals(0, ui.get("epochs_dropped").asInt());
      assertEquals(0, ui.get("messages_dropped").asInt());
      assertTrue(ui.get("clients_total").asInt() >= 1);
      assertTrue(ui.get("images_served").asInt() > 0);
      assertFalse(err.toString().contains("WARNING"), err.toString());

      byte[] png = browser.getScreenshotAs(OutputType.BYTES);
      Path shot = Path.of("target", "live-view-browser-test.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, png);
    } finally {
      if (browser != null) {
        browser.quit();
      }
      simulator.stop();
      streaming.get(30, TimeUnit.SECONDS);
      decoding.get(60, TimeUnit.SECONDS);
    }
  }

  /** The page's figure for an accuracy: "12.5 %", "–" for null (as ui.js writes it). */
  private static String percent(JsonNode v) {
    return v == null || v.isNull()
        ? "–"
        : String.format(Locale.ROOT, "%.1f %%", 100 * v.asDouble());
  }

  private static String awaitUrl(StringWriter err, CompletableFuture<Integer> decoding)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = URL.matcher(err.toString());
      if (m.find()) {
        return m.group(1);
      }
      if (decoding.isDone()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no live view URL on stderr: " + err);
  }
}
