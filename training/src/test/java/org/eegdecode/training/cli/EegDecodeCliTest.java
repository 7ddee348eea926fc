package org.eegdecode.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EegDecodeCliTest {
  @Test
  void helpListsTheSubcommands() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode());
    for (String sub : new String[] {"config", "inspect", "synth"}) {
      assertTrue(run.out().contains(sub), run.out());
    }
  }

  @Test
  void configPrintsTheEffectiveConfiguration(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "epochs: 3\n");
    CliRun run = CliRun.of("config", "--config", file.toString(), "lr=0.5", "synth.snr=2");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\nepochs: 3\n"), run.out());
    assertTrue(run.out().contains("\nlr: 0.5\n"), run.out());
    assertTrue(run.out().matches("(?s).*\n  snr: 2(\\.0)?\n.*"), run.out());
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    CliRun run = CliRun.of("config", "lr=fast");
    assertEquals(2, run.exitCode());
    assertEquals(
        "eegdecode config: override 'lr=fast': key 'lr' expects a number, got 'fast'\n", run.err());

    run = CliRun.of("inspect", "/nonexistent/x.npy");
    assertEquals(2, run.exitCode());
    assertEquals("eegdecode inspect: /nonexistent/x.npy: no such file or folder\n", run.err());
  }

  @Test
  void truncatedFileAndForeignPickleGlobalEndInOneLine(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("meta.npy");
    org.eegdecode.acquisition.npy.NpyWriter.writeObject(
        good, java.util.Map.of("a", java.util.List.of("x", "y")));
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.npy");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 5));
    CliRun run = CliRun.of("inspect", truncated.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("eegdecode inspect: " + truncated + ": "), run.err());
    assertTrue(run.err().contains("truncated"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());

    // np.save header for an object array, then a protocol-2 pickle calling os.system('true').
    Path evil = dir.resolve("evil.npy");
    String header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
    header = header + " ".repeat(118 - header.length()) + "\n";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
    out.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    out.write(
        "\u0080\u0002cos\nsystem\nX\u0004\u0000\u0000\u0000true\u0085R."
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.write(evil, out.toByteArray());
    run = CliRun.of("inspect", evil.toString());
    assertEquals(2, run.exitCode());
    assertEquals(
        "eegdecode inspect: "
            + evil
            + ": pickle asks for global 'os.system', which is not allowed\n",
        run.err());

    Path wrongMagic = dir.resolve("magic.npy");
    Files.writeString(wrongMagic, "PK this is not numpy");
    run = CliRun.of("inspect", wrongMagic.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("eegdecode inspect: " + wrongMagic + ": not a .npy file"));
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("--verbose", "config", "lr=fast");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("\tat org.eegdecode"), run.err());
  }
}
