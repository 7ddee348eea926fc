package org.eegdecode.acquisition.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds Python interpreters that have numpy and runs the fixture scripts of {@code
 * src/test/resources/python} with them, so that tests check our numpy codec against real numpy
 * (both 1.x and 2.x where installed). Candidates: the system property {@code eegdecode.python} (a
 * path-separator list) if set, else {@code python3} on the PATH and {@code /usr/bin/python3};
 * interpreters with the same numpy version are kept once.
 */
public final class PythonNumpy {
  /** One interpreter: the command used to run it and the numpy version it imports. */
  public static final class Interpreter {
    private final String command;
    private final String executable;
    private final String numpyVersion;

    Interpreter(String command, String executable, String numpyVersion) {
      this.command = command;
      this.executable = executable;
      this.numpyVersion = numpyVersion;
    }

    /** The command as given ({@code python3}, {@code /usr/bin/python3}). */
    public String path() {
      return command;
    }

    /** {@code sys.executable} of the interpreter. */
    public String executable() {
      return executable;
    }

    public String numpyVersion() {
      return numpyVersion;
    }

    /** Major version of numpy (1 or 2). */
    public int numpyMajor() {
      return Integer.parseInt(numpyVersion.split("\\.")[0]);
    }

    @Override
    public String toString() {
      return "numpy " + numpyVersion + " (" + executable + ")";
    }
  }

  private static final long TIMEOUT_SECONDS = 300;
  private static List<Interpreter> found;
  private static Path scriptDir;

  private PythonNumpy() {}

  /** Every distinct numpy found (may be empty). */
  public static synchronized List<Interpreter> all() {
    if (found == null) {
      Map<String, Interpreter> byVersion = new LinkedHashMap<>();
      for (String candidate : candidates()) {
        Interpreter interpreter = probe(candidate);
        if (interpreter != null) {
          byVersion.putIfAbsent(interpreter.numpyVersion(), interpreter);
        }
      }
      found = Collections.unmodifiableList(new ArrayList<>(byVersion.values()));
    }
    return found;
  }

  /** The first interpreter found; fails the test with instructions when there is none. */
  public static Interpreter any() {
    List<Interpreter> all = all();
    if (all.isEmpty()) {
      fail(
          "no Python 3 with numpy found (tried "
              + String.join(", ", candidates())
              + "): install it (e.g. apt-get install python3-numpy) or point -Deegdecode.python at"
              + " one; these tests compare the Java numpy codec against real numpy");
    }
    return all.get(0);
  }

  /**
   * Runs {@code /python/<script>} from the test resources with the given arguments and returns its
   * standard output; fails the test with the script's stderr on a non-zero exit.
   */
  public static String run(Interpreter interpreter, String scriptResource, String... args) {
    Path script = script(scriptResource);
    List<String> command = new ArrayList<>();
    command.add(interpreter.path());
    command.add(script.toString());
    Collections.addAll(command, args);
    try {
      Path err = Files.createTempFile("python-stderr", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(
              scriptResource
                  + " with "
                  + interpreter
                  + " did not finish in "
                  + TIMEOUT_SECONDS
                  + " s");
        }
        if (process.exitValue() != 0) {
          fail(
              scriptResource
                  + " with "
                  + interpreter
                  + " exited with "
                  + process.exitValue()
                  + ":\n"
                  + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static List<String> candidates() {
    String property = System.getProperty("eegdecode.python");
    List<String> list = new ArrayList<>();
    if (property != null && !property.isBlank()) {
      for (String s : property.split(File.pathSeparator)) {
        if (!s.isBlank()) {
          list.add(s.trim());
        }
      }
    } else {
      list.add("python3");
      list.add("/usr/bin/python3");
    }
    return list;
  }

  private static Interpreter probe(String command) {
    try {
      Process process =
          new ProcessBuilder(
                  command,
                  "-c",
                  "import sys, numpy; print(numpy.__version__); print(sys.executable)")
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      String[] lines = out.trim().split("\\R");
      if (process.exitValue() != 0 || lines.length < 2) {
        return null;
      }
      return new Interpreter(
          command, lines[lines.length - 1].trim(), lines[lines.length - 2].trim());
    } catch (IOException e) {
      return null; // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static synchronized Path script(String resource) {
    String name =
        resource.startsWith("/python/") ? resource.substring("/python/".length()) : resource;
    try {
      if (scriptDir == null) {
        scriptDir = Files.createTempDirectory("eegdecode-python");
        scriptDir.toFile().deleteOnExit();
      }
      Path target = scriptDir.resolve(name);
      if (!Files.exists(target)) {
        try (InputStream in = PythonNumpy.class.getResourceAsStream("/python/" + name)) {
          if (in == null) {
            throw new IllegalArgumentException("no test resource /python/" + name);
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
