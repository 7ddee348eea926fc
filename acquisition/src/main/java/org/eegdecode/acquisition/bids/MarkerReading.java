package org.eegdecode.acquisition.bids;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eegdecode.acquisition.stimulus.StimulusResolver;
import org.eegdecode.acquisition.stimulus.StimulusSettings;

/**
 * How the export reads markers as stimuli: the shared {@link StimulusResolver} with the {@code
 * stimulus.*} settings, on the image list the markers refer to. A session recorded by {@code decode
 * --record} names its decoder's gallery (the list its markers were read against live), and that
 * list wins; otherwise the list given here (a THINGS split, an image folder) is used.
 *
 * @param settings mapping file, conventions, catch codes
 * @param concepts the image list's concepts, row by row (empty: no list)
 * @param files the image list's files, row by row
 * @param source where the list came from, for the summary
 */
public record MarkerReading(
    StimulusSettings settings, List<String> concepts, List<String> files, String source) {

  public MarkerReading {
    concepts = List.copyOf(concepts);
    files = List.copyOf(files);
    if (concepts.size() != files.size()) {
      throw new IllegalArgumentException(
          "image list "
              + source
              + ": "
              + concepts.size()
              + " concepts but "
              + files.size()
              + " files");
    }
  }

  /** The default settings and no image list: only catch codes and {@code concept/file} markers. */
  public static MarkerReading defaults() {
    return new MarkerReading(StimulusSettings.defaults(), List.of(), List.of(), "none");
  }

  /** The resolver for a session whose DECODER record is {@code decoderInfo} (may be null). */
  StimulusResolver resolver(JsonNode decoderInfo) throws IOException {
    List<String> galleryConcepts = strings(decoderInfo, "concepts");
    List<String> galleryFiles = strings(decoderInfo, "files");
    if (!galleryConcepts.isEmpty() && galleryConcepts.size() == galleryFiles.size()) {
      return StimulusResolver.create(galleryConcepts, galleryFiles, settings);
    }
    return StimulusResolver.create(concepts, files, settings);
  }

  /** Where the list {@link #resolver} uses comes from. */
  String sourceFor(JsonNode decoderInfo) {
    List<String> galleryConcepts = strings(decoderInfo, "concepts");
    return !galleryConcepts.isEmpty()
            && galleryConcepts.size() == strings(decoderInfo, "files").size()
        ? "the recorded decoder's gallery (" + galleryConcepts.size() + " images)"
        : source;
  }

  private static List<String> strings(JsonNode info, String key) {
    List<String> out = new ArrayList<>();
    JsonNode array = info == null ? null : info.get(key);
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
