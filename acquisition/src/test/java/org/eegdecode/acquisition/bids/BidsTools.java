package org.eegdecode.acquisition.bids;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The outside tools the BIDS tests check against: the reference validator from npm ({@code
 * bids-validator} 1.15.0, installed by {@code .ci/install-bids-validator}, which this runs when the
 * validator is missing and npm is there) and MNE-Python's BrainVision reader (Debian's {@code
 * python3-mne}). A test that needs a tool is skipped with a message naming it only when the tool
 * cannot be had: npm missing, or MNE not installed.
 */
final class BidsTools {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path validator;
  private static String mnePython;
  private static boolean mneProbed;

  private BidsTools() {}

  /** The validator's result: error and warning codes (keys) with their reasons. */
  record Validation(List<String> errors, List<String> warnings, String raw) {}

  /** The repository root (the folder holding .ci/), from the module's working directory. */
  static Path repository() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(".ci"))) {
      p = p.getParent();
    }
    if (p == null) {
      fail("no .ci/ folder above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The validator's command file, installing it if npm is there; skips the test without npm. */
  static synchronized Path validator() throws IOException, InterruptedException {
    if (validator != null) {
      return validator;
    }
    String explicit = System.getenv("EEGDECODE_BIDS_VALIDATOR");
    if (explicit != null && !explicit.isBlank()) {
      validator = Path.of(explicit);
      return validator;
    }
    Assumptions.assumeTrue(
        onPath("node") && onPath("npm"),
        "skipped: npm/node not installed, so the reference bids-validator cannot be installed"
            + " (.ci/run installs npm)");
    Result r = run(List.of(repository().resolve(".ci/install-bids-validator").toString()), 600);
    if (r.exit != 0) {
      fail("installing bids-validator failed (exit " + r.exit + "): " + r.err);
    }
    validator = Path.of(r.out.strip());
    return validator;
  }

  /** Runs the validator on {@code root} ({@code --json}). */
  static Validation validate(Path root) throws IOException, InterruptedException {
    Path bin = validator();
    Result r = run(List.of("node", bin.toString(), "--json", root.toString()), 300);
    int brace = r.out.indexOf('{');
    if (brace < 0) {
      fail("bids-validator gave no JSON (exit " + r.exit + "): " + r.out + r.err);
    }
    JsonNode json = JSON.readTree(r.out.substring(brace));
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (JsonNode issue : json.path("issues").path("errors")) {
      errors.add(describe(issue));
    }
    for (JsonNode issue : json.path("issues").path("warnings")) {
      warnings.add(describe(issue));
    }
    return new Validation(errors, warnings, r.out);
  }

  private static String describe(JsonNode issue) {
    StringBuilder b = new StringBuilder(issue.path("key").asText());
    b.append(": ").append(issue.path("reason").asText());
    for (JsonNode file : issue.path("files")) {
      JsonNode f = file.path("file");
      b.append(" [")
          .append(f.path("relativePath").asText())
          .append(' ')
          .append(file.path("evidence").asText())
          .append(']');
    }
    return b.toString();
  }

  /** A Python with MNE, or skips the test naming what is missing. */
  static synchronized String mnePython() throws IOException, InterruptedException {
    if (!mneProbed) {
      mneProbed = true;
      for (String candidate : List.of("/usr/bin/python3", "python3")) {
        try {
          Result r =
              run(List.of(candidate, "-c", "import mne, numpy; print(mne.__version__)"), 120);
          if (r.exit == 0) {
            mnePython = candidate;
            break;
          }
        } catch (IOException e) {
          // not there
        }
      }
    }
    Assumptions.assumeTrue(
        mnePython != null,
        "skipped: MNE-Python not installed (apt-get install python3-mne; .ci/run installs it)");
    return mnePython;
  }

  /** A finished process: exit code, stdout, stderr. */
  record Result(int exit, String out, String err) {}

  static Result run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Path out = Files.createTempFile("bids-tool", ".out");
    Path err = Files.createTempFile("bids-tool", ".err");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command + ": no answer within " + timeoutSeconds + " s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
