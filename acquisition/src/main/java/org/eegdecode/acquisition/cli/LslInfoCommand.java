package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.lsl.Lsl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode lsl-info}: which liblsl is used, as one JSON object. Locates liblsl like every
 * other LSL command (fetching the npm copy into the cache when none is found).
 */
@Command(
    name = "lsl-info",
    mixinStandardHelpOptions = true,
    description = {
      "Show the liblsl in use as JSON: path, source (explicit|system|cache|fetched), versions,"
          + " optional symbols.",
      "liblsl is looked for in -Deegdecode.lsl.lib, LSL_LIB, PYLSL_LIB, the system library path,"
          + " then ~/.cache/eegdecode (fetched with npm when missing)."
    })
public final class LslInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Lsl lsl = Lsl.get();
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("library_path", lsl.libraryPath().toString());
    out.put("source", lsl.source());
    out.put("library_version", lsl.libraryVersion());
    out.put("protocol_version", lsl.protocolVersion());
    out.put("timestamp_postprocessing", lsl.hasPostprocessing() ? "liblsl" : "java");
    ObjectNode symbols = out.putObject("optional_symbols");
    for (Map.Entry<String, Boolean> symbol : lsl.optionalSymbols().entrySet()) {
      symbols.put(symbol.getKey(), symbol.getValue());
    }
    out.put("local_clock", lsl.localClock());
    spec.commandLine().getOut().println(json.writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
