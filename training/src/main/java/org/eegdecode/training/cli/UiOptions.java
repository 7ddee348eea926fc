package org.eegdecode.training.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Stack;
import org.eegdecode.acquisition.config.Config;
import org.eegdecode.decoder.ui.LiveView;
import org.eegdecode.decoder.ui.UiSettings;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --ui[=PORT] [--ui-host ADDRESS]}: the live view in the browser ({@link LiveView}). */
final class UiOptions {
  private static final int CONFIGURED_PORT = -1;

  @Option(
      names = "--ui",
      arity = "0..1",
      paramLabel = "PORT",
      fallbackValue = "" + CONFIGURED_PORT,
      preprocessor = OptionalPort.class,
      description =
          "Serve the live view (streams, traces, decoded images, accuracy, latency) at"
              + " http://127.0.0.1:PORT/ (default ui.port, 8765; 0 = any free port); the URL is"
              + " printed on stderr.")
  Integer port;

  @Option(
      names = "--ui-host",
      paramLabel = "ADDRESS",
      description =
          "With --ui: listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0 for every"
              + " interface). The page has no authentication: anyone who can reach the address"
              + " can watch the session (a warning is printed).")
  String host;

  /**
   * {@code --ui} takes a port only as {@code --ui=PORT} or {@code --ui PORT} with digits; a bare
   * {@code --ui} followed by anything else ({@code key=value}, another option) leaves that alone.
   */
  static final class OptionalPort implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec command, ArgSpec arg, Map<String, Object> info) {
      boolean attached = "=".equals(String.valueOf(info.get("separator")));
      if (!attached && (args.isEmpty() || !args.peek().matches("[0-9]+"))) {
        arg.setValue(CONFIGURED_PORT);
        return true;
      }
      return false;
    }
  }

  /** Whether {@code --ui} was given. */
  boolean enabled() {
    return port != null;
  }

  /**
   * Starts the view when {@code --ui} was given (else returns null) and prints its URL, and a
   * warning when it listens on a non-loopback address, to {@code err}.
   *
   * @param datasetDir where the stimulus images are ({@code dataset_dir})
   * @param command the prefix of the printed lines ({@code eegdecode decode})
   * @throws IOException the address cannot be listened on
   */
  LiveView start(Config config, Path datasetDir, PrintWriter err, String command)
      throws IOException {
    if (port == null) {
      if (host != null) {
        throw new IllegalArgumentException("--ui-host needs --ui");
      }
      return null;
    }
    UiSettings settings = UiSettings.from(config);
    if (port != CONFIGURED_PORT) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--ui port must be 0..65535, got " + port);
      }
      settings = settings.withPort(port);
    }
    LiveView view = LiveView.start(settings, host, datasetDir);
    if (!LiveView.isLoopback(view.host())) {
      err.println(
          command
              + ": WARNING: the live view listens on "
              + view.host()
              + ":"
              + view.port()
              + " (not loopback) without authentication: anyone who can reach this machine on"
              + " that port can watch this session");
    }
    err.println(command + ": live view at " + view.url());
    err.flush();
    return view;
  }
}
