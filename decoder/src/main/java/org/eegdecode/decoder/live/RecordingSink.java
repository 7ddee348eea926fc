package org.eegdecode.decoder.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eegdecode.acquisition.session.SessionWriter;
import org.eegdecode.decoder.gallery.Gallery;

/**
 * Writes every decoded epoch into the session recording: its marker, the ranked gallery rows (as
 * deep as the decoder ranks, so live accuracy can be recomputed) and scores. Before the first
 * result, one DECODER record names the bundle and lists the gallery, so rows can be turned back
 * into concepts. Allocation-free per epoch; the writer belongs to {@link LiveDecoding}.
 */
final class RecordingSink implements ResultSink {
  private final SessionWriter writer;
  private Context context;
  private boolean described;

  RecordingSink(SessionWriter writer) {
    this.writer = writer;
  }

  @Override
  public void open(Context context) {
    this.context = context;
  }

  @Override
  public void accept(DecodedEpoch result) {
    if (!described) {
      described = true;
      writer.decoder(describe(result.gallery(), result.topK()));
    }
    writer.result(
        result.epochIndex(),
        result.markerTimestamp(),
        result.onsetTimestamp(),
        result.resultPublishedLsl(),
        result.completeToResultMs(),
        result.markerBytes(),
        result.markerLength(),
        result.rankDepth(),
        result.rowsArray(),
        result.scoresArray());
  }

  private ObjectNode describe(Gallery gallery, int topK) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("bundle", context == null ? "" : context.bundle());
    out.put("fingerprint", context == null ? "" : context.fingerprint());
    out.put("top_k", topK);
    ArrayNode concepts = out.putArray("concepts");
    ArrayNode files = out.putArray("files");
    for (int row = 0; row < gallery.size(); row++) {
      concepts.add(gallery.concepts().get(row));
      files.add(gallery.files().get(row));
    }
    return out;
  }

  @Override
  public String name() {
    return "recording";
  }
}
