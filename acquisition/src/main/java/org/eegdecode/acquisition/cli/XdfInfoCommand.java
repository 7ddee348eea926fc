package org.eegdecode.acquisition.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eegdecode.acquisition.xdf.XdfFile;
import org.eegdecode.acquisition.xdf.XdfReader;
import org.eegdecode.acquisition.xdf.XdfStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eegdecode xdf-info FILE}: the streams of an XDF recording as one JSON object. */
@Command(
    name = "xdf-info",
    mixinStandardHelpOptions = true,
    description = {
      "Describe the streams of an XDF file (LabRecorder) as one JSON object.",
      "Time stamps are clock-synchronised and dejittered like pyxdf's defaults unless disabled."
    })
public final class XdfInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .xdf file.")
  Path file;

  @Option(names = "--no-sync", description = "Do not apply the clock offsets.")
  boolean noSync;

  @Option(names = "--no-dejitter", description = "Do not dejitter regular streams.")
  boolean noDejitter;

  @Override
  public Integer call() throws Exception {
    XdfFile xdf = XdfReader.load(file, !noSync, !noDejitter);
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("file", file.toString());
    out.put("synchronized", !noSync);
    out.put("dejittered", !noDejitter);
    out.put("recovered_corruptions", xdf.recoveredCorruptions());
    ArrayNode streams = out.putArray("streams");
    for (XdfStream s : xdf.streams().values()) {
      ObjectNode o = streams.addObject();
      o.put("id", s.id());
      o.put("name", s.name());
      o.put("type", s.type());
      o.put("channel_count", s.channelCount());
      o.put("channel_format", s.channelFormat());
      o.put("nominal_srate", s.nominalSrate());
      o.put("effective_srate", s.effectiveSrate());
      o.put("sample_count", s.sampleCount());
      putTime(o, "first_timestamp", s.firstTimestamp());
      putTime(o, "last_timestamp", s.lastTimestamp());
      putPairs(o.putArray("segments"), s.segments());
      putPairs(o.putArray("clock_segments"), s.clockSegments());
    }
    spec.commandLine().getOut().println(json.writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static void putTime(ObjectNode o, String key, double value) {
    if (Double.isNaN(value)) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static void putPairs(ArrayNode array, List<int[]> pairs) {
    for (int[] p : pairs) {
      array.addArray().add(p[0]).add(p[1]);
    }
  }
}
