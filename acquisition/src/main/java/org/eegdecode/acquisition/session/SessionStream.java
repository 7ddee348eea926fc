package org.eegdecode.acquisition.session;

import java.util.List;
import org.eegdecode.acquisition.lsl.StreamInfo;

/**
 * One stream of a session: its role, what LSL said of it, and its full info XML.
 *
 * @param id the session's number for the stream (records refer to it)
 * @param role {@link SessionFormat#ROLE_EEG}, {@link SessionFormat#ROLE_MARKERS} or {@link
 *     SessionFormat#ROLE_OTHER}
 * @param xml the stream's {@code <info>} XML as liblsl (or the XDF header) gave it; may be empty
 */
public record SessionStream(int id, String role, StreamInfo info, String xml) {
  public SessionStream {
    xml = xml == null ? "" : xml;
  }

  public String name() {
    return info.name();
  }

  public boolean isString() {
    return info.isString();
  }

  public int channelCount() {
    return info.channelCount();
  }

  public List<String> channelLabels() {
    return info.channelLabels();
  }
}
