package org.eegdecode.decoder.live;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@link ResultJson} line per decoded epoch to a writer (stdout) or a file, flushed after every
 * forward pass.
 */
public final class JsonLinesSink implements ResultSink {
  private final ResultJson json = new ResultJson();
  private final Writer out;
  private final boolean owned;
  private final String target;
  private long lines;

  /**
   * Writes to {@code out}; {@link #close()} flushes it but leaves it open (e.g. the command's
   * stdout).
   */
  public JsonLinesSink(Writer out, String target) {
    this.out = out;
    this.owned = false;
    this.target = target;
  }

  private JsonLinesSink(Writer out, String target, boolean owned) {
    this.out = out;
    this.owned = owned;
    this.target = target;
  }

  /** A new file (replaced if it exists; parent folders are created). */
  public static JsonLinesSink toFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new JsonLinesSink(writer, file.toString(), true);
  }

  /** {@code "-"}: {@code stdout}; anything else: that file. */
  public static JsonLinesSink forTarget(String target, PrintWriter stdout) throws IOException {
    return "-".equals(target) ? new JsonLinesSink(stdout, "stdout") : toFile(Path.of(target));
  }

  @Override
  public void accept(DecodedEpoch result) throws IOException {
    String line = json.format(result);
    synchronized (out) {
      out.write(line);
      out.write('\n');
    }
    lines++;
  }

  @Override
  public void endOfBatch() throws IOException {
    synchronized (out) {
      out.flush();
    }
  }

  /** Lines written so far (read from the decoder thread or after it stopped). */
  public long lines() {
    return lines;
  }

  @Override
  public String name() {
    return "jsonl:" + target;
  }

  @Override
  public void close() throws IOException {
    synchronized (out) {
      if (owned) {
        out.close();
      } else {
        out.flush();
      }
    }
  }
}
