package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.lsl.LslInlet;
import org.eegdecode.acquisition.lsl.StreamInfo;
import org.eegdecode.acquisition.lsl.StreamResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eegdecode streams [--wait S] [--labels] [--array]}: the LSL streams visible on the
 * network, one JSON object per line (or one JSON array), sorted by name, type and source_id.
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "List the LSL streams on the network as JSON lines: name, type, channels, rate, format,"
          + " source_id, hostname, uid.",
      "Prints nothing (and a note on stderr) when no stream answers."
    })
public final class StreamsCommand implements Callable<Integer> {
  @Option(
      names = "--wait",
      paramLabel = "S",
      defaultValue = "1.0",
      description = "Seconds to collect answers (default ${DEFAULT-VALUE}).")
  double waitSeconds;

  @Option(
      names = "--labels",
      description =
          "Also read each stream's channel labels (opens a connection to every stream: slower).")
  boolean labels;

  @Option(names = "--array", description = "Print one JSON array instead of JSON lines.")
  boolean array;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(waitSeconds >= 0) || waitSeconds > 3600) {
      throw new IllegalArgumentException("--wait must be between 0 and 3600 s, got " + waitSeconds);
    }
    List<StreamInfo> streams = StreamResolver.all(waitSeconds);
    ObjectMapper json = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    ArrayNode all = json.createArrayNode();
    for (StreamInfo stream : streams) {
      ObjectNode node = describe(json, stream);
      if (array) {
        all.add(node);
      } else {
        out.println(json.writeValueAsString(node));
      }
    }
    if (array) {
      out.println(json.writeValueAsString(all));
    }
    out.flush();
    if (streams.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("streams: no LSL streams answered within " + waitSeconds + " s");
      spec.commandLine().getErr().flush();
    }
    return 0;
  }

  private ObjectNode describe(ObjectMapper json, StreamInfo stream) {
    ObjectNode node = json.createObjectNode();
    node.put("name", stream.name());
    node.put("type", stream.type());
    node.put("channels", stream.channelCount());
    node.put("rate", stream.nominalRate());
    node.put("format", stream.channelFormat());
    node.put("source_id", stream.sourceId());
    node.put("hostname", stream.hostname());
    node.put("uid", stream.uid());
    if (labels) {
      ArrayNode list = node.putArray("channel_labels");
      try (LslInlet inlet = LslInlet.open(stream, 1, Math.max(1.0, waitSeconds))) {
        inlet.fullInfo().channelLabels().forEach(list::add);
      } catch (IOException e) {
        node.put("channel_labels_error", e.getMessage());
      }
    }
    return node;
  }
}
