package org.eegdecode.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eegdecode.decoder.ui.LiveView;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --ui[=PORT]} and {@code --ui-host} as the command line parses them. */
class UiOptionsTest {
  private static DecodeCommand parse(String... args) {
    CommandLine cmd = EegDecode.commandLine();
    CommandLine.ParseResult result = cmd.parseArgs(args);
    return (DecodeCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void aPortIsTakenOnlyWhenItIsAPort() {
    assertNull(parse("decode").ui.port);
    assertFalse(parse("decode").ui.enabled());
    assertEquals(-1, parse("decode", "--ui").ui.port);
    assertEquals(9000, parse("decode", "--ui=9000").ui.port);
    assertEquals(9000, parse("decode", "--ui", "9000").ui.port);
    assertEquals(0, parse("decode", "--ui=0").ui.port);
    DecodeCommand bare = parse("decode", "--ui", "top_k=3");
    assertEquals(-1, bare.ui.port);
    assertEquals(List.of("top_k=3"), bare.overrides);
    DecodeCommand then = parse("decode", "--ui", "--eeg", "x");
    assertEquals(-1, then.ui.port);
    assertEquals("x", then.streams.eegName());
    assertEquals("0.0.0.0", parse("decode", "--ui", "--ui-host", "0.0.0.0").ui.host);
  }

  @Test
  void badUiOptionsAreOneLineAndExitTwo() {
    CliRun run = CliRun.of("decode", "--ui-host", "0.0.0.0", "--model", "/nonexistent");
    assertEquals(2, run.exitCode());
    assertEquals("eegdecode decode: --ui-host needs --ui\n", run.err());
    run = CliRun.of("decode", "--ui=70000", "--model", "/nonexistent");
    assertEquals(2, run.exitCode());
    assertEquals("eegdecode decode: --ui port must be 0..65535, got 70000\n", run.err());
    run = CliRun.of("demo", "--ui", "ui.push_every_ms=1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("eegdecode demo: ui.push_every_ms must be"), run.err());
  }

  @Test
  void onlyLoopbackAddressesGoWithoutAWarning() {
    assertTrue(LiveView.isLoopback(null));
    assertTrue(LiveView.isLoopback("127.0.0.1"));
    assertTrue(LiveView.isLoopback("localhost"));
    assertTrue(LiveView.isLoopback("::1"));
    assertFalse(LiveView.isLoopback("0.0.0.0"));
    assertFalse(LiveView.isLoopback("192.0.2.7"));
  }
}
