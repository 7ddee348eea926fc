package org.eegdecode.acquisition.lsl;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds streams on the network. Resolve results carry no {@code <desc>} (so no channel labels);
 * open an {@link LslInlet} for the full info.
 *
 * <p>The native info of every stream resolved here is kept (by uid, the most recent {@value
 * #CACHED_HANDLES}) so that {@link LslInlet#open} can connect without resolving again.
 */
public final class StreamResolver {
  private static final int MAX_RESULTS = 256;

  /** How long the listing in a not-found message waits for answers. */
  private static final double LISTING_WAIT_SECONDS = 0.5;

  private static final int CACHED_HANDLES = 128;

  /**
   * Native copies of the most recent infos resolved, by uid. A resolved info knows the address it
   * answered from, which its XML does not carry ({@code lsl_streaminfo_from_xml} of it cannot
   * connect), so an inlet must be created from such a handle.
   */
  private static final Map<String, Pointer> HANDLE_BY_UID =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pointer> eldest) {
          if (size() > CACHED_HANDLES) {
            Lsl.get().api.lsl_destroy_streaminfo(eldest.getValue());
            return true;
          }
          return false;
        }
      };

  private StreamResolver() {}

  /**
   * Every stream that answers within {@code waitSeconds} (this always waits the full time), sorted
   * by name, type and source_id.
   */
  public static List<StreamInfo> all(double waitSeconds) {
    LslApi api = Lsl.get().api;
    Memory buffer = new Memory((long) MAX_RESULTS * Native.POINTER_SIZE);
    int n = api.lsl_resolve_all(buffer, MAX_RESULTS, Math.max(0.0, waitSeconds));
    List<StreamInfo> out = collect(api, buffer, n);
    out.sort(
        Comparator.comparing(StreamInfo::name)
            .thenComparing(StreamInfo::type)
            .thenComparing(StreamInfo::sourceId)
            .thenComparing(StreamInfo::uid));
    return out;
  }

  /**
   * The first stream matching {@code query}, waiting up to {@code timeoutSeconds}. When several
   * match, which one liblsl answers with first is unspecified: make queries specific (source_id).
   *
   * @throws StreamNotFoundException when none matched; its message lists the streams that were
   *     visible (name, type, source_id, channels, rate)
   */
  public static StreamInfo resolve(StreamQuery query, double timeoutSeconds)
      throws StreamNotFoundException {
    List<StreamInfo> matches = resolveMatching(query, 1, timeoutSeconds);
    if (!matches.isEmpty()) {
      return matches.get(0);
    }
    List<StreamInfo> visible = all(LISTING_WAIT_SECONDS);
    throw new StreamNotFoundException(
        notFoundMessage(query, timeoutSeconds, visible), query, visible);
  }

  /** Every stream matching {@code query} once at least {@code minimum} answered or on timeout. */
  public static List<StreamInfo> resolveMatching(
      StreamQuery query, int minimum, double timeoutSeconds) {
    LslApi api = Lsl.get().api;
    Memory buffer = new Memory((long) MAX_RESULTS * Native.POINTER_SIZE);
    double timeout = Math.max(0.0, timeoutSeconds);
    int n;
    String singleProperty = singleProperty(query);
    if (singleProperty != null) {
      String value =
          switch (singleProperty) {
            case "name" -> query.name();
            case "type" -> query.type();
            default -> query.sourceId();
          };
      n = api.lsl_resolve_byprop(buffer, MAX_RESULTS, singleProperty, value, minimum, timeout);
    } else {
      String predicate = query.toPredicate();
      // liblsl ANDs the predicate with its own session clause: an empty one would be invalid XPath.
      n =
          api.lsl_resolve_bypred(
              buffer, MAX_RESULTS, predicate.isEmpty() ? "true()" : predicate, minimum, timeout);
    }
    return collect(api, buffer, n);
  }

  static String notFoundMessage(
      StreamQuery query, double timeoutSeconds, List<StreamInfo> visible) {
    String listing =
        visible.isEmpty()
            ? "no LSL streams are visible at all (is the source running, on this network?)"
            : visible.size()
                + " stream(s) visible: "
                + visible.stream()
                    .map(s -> "[" + s.describe() + " hostname='" + s.hostname() + "']")
                    .collect(Collectors.joining(", "));
    return "no LSL stream matching "
        + query.describe()
        + " within "
        + timeoutSeconds
        + " s; "
        + listing;
  }

  /** A property name when the query is exactly one property, else null (use a predicate). */
  private static String singleProperty(StreamQuery query) {
    if (query.predicate() != null) {
      return null;
    }
    int set = 0;
    String property = null;
    if (query.name() != null) {
      set++;
      property = "name";
    }
    if (query.type() != null) {
      set++;
      property = "type";
    }
    if (query.sourceId() != null) {
      set++;
      property = "source_id";
    }
    return set == 1 ? property : null;
  }

  /** Reads {@code n} handles from a resolve buffer; keeps each in the cache or destroys it. */
  private static List<StreamInfo> collect(LslApi api, Memory buffer, int n) {
    List<StreamInfo> out = new ArrayList<>(Math.max(0, n));
    for (int i = 0; i < n; i++) {
      Pointer handle = buffer.getPointer((long) i * Native.POINTER_SIZE);
      if (handle == null) {
        continue;
      }
      StreamInfo info;
      try {
        info = StreamInfos.read(api, handle);
      } catch (RuntimeException e) {
        api.lsl_destroy_streaminfo(handle);
        throw e;
      }
      out.add(info);
      if (info.uid().isEmpty()) {
        api.lsl_destroy_streaminfo(handle);
        continue;
      }
      synchronized (HANDLE_BY_UID) {
        Pointer previous = HANDLE_BY_UID.put(info.uid(), handle);
        if (previous != null) {
          api.lsl_destroy_streaminfo(previous);
        }
      }
    }
    return out;
  }

  /** A copy of the cached native info for {@code uid}, or null (the caller destroys the copy). */
  private static Pointer cachedCopy(LslApi api, String uid) {
    if (uid.isEmpty()) {
      return null;
    }
    synchronized (HANDLE_BY_UID) {
      Pointer cached = HANDLE_BY_UID.get(uid);
      return cached == null ? null : api.lsl_copy_streaminfo(cached);
    }
  }

  /**
   * A native info for {@code info} that an inlet can connect with (the caller destroys it): a copy
   * of the one kept at resolve time, else resolved again by uid (or by name, type and source_id
   * when the info has no uid).
   */
  static Pointer nativeInfo(StreamInfo info, double timeoutSeconds) throws StreamNotFoundException {
    LslApi api = Lsl.get().api;
    Pointer handle = cachedCopy(api, info.uid());
    if (handle != null) {
      return handle;
    }
    StreamQuery query =
        info.uid().isEmpty()
            ? new StreamQuery(info.name(), info.type(), info.sourceId(), null)
            : StreamQuery.byPredicate("uid=" + StreamQuery.xpathLiteral(info.uid()));
    List<StreamInfo> found = resolveMatching(query, 1, timeoutSeconds);
    handle = found.isEmpty() ? null : cachedCopy(api, found.get(0).uid());
    if (handle == null) {
      List<StreamInfo> visible = all(LISTING_WAIT_SECONDS);
      throw new StreamNotFoundException(
          notFoundMessage(query, timeoutSeconds, visible), query, visible);
    }
    return handle;
  }
}
