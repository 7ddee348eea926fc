package org.eegdecode.acquisition.xdf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded XDF file: the file header XML, the streams keyed by id in the order their headers
 * appear, and how many times the reader resynchronised on a boundary chunk after corruption.
 */
public final class XdfFile {
  private final Path path;
  private final String fileHeaderXml;
  private final Map<Long, XdfStream> streams;
  private final int recoveredCorruptions;

  XdfFile(Path path, String fileHeaderXml, Map<Long, XdfStream> streams, int recoveredCorruptions) {
    this.path = path;
    this.fileHeaderXml = fileHeaderXml;
    this.streams = streams;
    this.recoveredCorruptions = recoveredCorruptions;
  }

  public Path path() {
    return path;
  }

  /** The FileHeader chunk's XML, or null when the file had none. */
  public String fileHeaderXml() {
    return fileHeaderXml;
  }

  /** Streams keyed by id, in stream-header order (unmodifiable). */
  public Map<Long, XdfStream> streams() {
    return java.util.Collections.unmodifiableMap(streams);
  }

  public XdfStream stream(long id) {
    XdfStream s = streams.get(id);
    if (s == null) {
      throw new IllegalArgumentException(path + ": no stream with id " + id);
    }
    return s;
  }

  public List<Long> streamIds() {
    return new ArrayList<>(streams.keySet());
  }

  /** How many corrupt regions were skipped by scanning forward to a boundary chunk. */
  public int recoveredCorruptions() {
    return recoveredCorruptions;
  }
}
