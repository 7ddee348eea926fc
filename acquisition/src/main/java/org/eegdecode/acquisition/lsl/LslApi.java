package org.eegdecode.acquisition.lsl;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The general JNA binding of liblsl's C API (interface mapping; calls allocate a little, so the hot
 * pull path goes through {@link LslDirect} instead). Present in every liblsl since 1.10.
 *
 * <p>Types: handles ({@code lsl_streaminfo}, {@code lsl_outlet}, {@code lsl_inlet}, {@code
 * lsl_xml_ptr}) are {@link Pointer}; C {@code unsigned long} (element counts of the chunk
 * functions) is {@link NativeLong} (64-bit on Linux/macOS, 32-bit on Windows); C {@code int} and
 * {@code unsigned} are {@code int}; {@code int *ec} is a {@link Pointer} to 4 bytes. Strings go as
 * UTF-8 ({@link Lsl#LIBRARY_OPTIONS}). {@code const char *} results owned by the stream info are
 * mapped to {@link String}; results the caller must free ({@code lsl_get_xml}, pulled strings) to
 * {@link Pointer}, released with {@link #lsl_destroy_string}.
 */
interface LslApi extends Library {
  int CFT_UNDEFINED = 0;
  int CFT_FLOAT32 = 1;
  int CFT_DOUBLE64 = 2;
  int CFT_STRING = 3;
  int CFT_INT32 = 4;
  int CFT_INT16 = 5;
  int CFT_INT8 = 6;
  int CFT_INT64 = 7;

  // ---- library
  int lsl_protocol_version();

  int lsl_library_version();

  double lsl_local_clock();

  void lsl_destroy_string(Pointer s);

  // ---- stream info
  Pointer lsl_create_streaminfo(
      String name,
      String type,
      int channelCount,
      double nominalSrate,
      int channelFormat,
      String sourceId);

  void lsl_destroy_streaminfo(Pointer info);

  Pointer lsl_copy_streaminfo(Pointer info);

  String lsl_get_name(Pointer info);

  String lsl_get_type(Pointer info);

  int lsl_get_channel_count(Pointer info);

  double lsl_get_nominal_srate(Pointer info);

  int lsl_get_channel_format(Pointer info);

  String lsl_get_source_id(Pointer info);

  String lsl_get_hostname(Pointer info);

  String lsl_get_uid(Pointer info);

  Pointer lsl_get_desc(Pointer info);

  /** The stream's full XML; free with {@link #lsl_destroy_string}. */
  Pointer lsl_get_xml(Pointer info);

  Pointer lsl_streaminfo_from_xml(String xml);

  // ---- XML description
  Pointer lsl_child(Pointer element, String name);

  Pointer lsl_first_child(Pointer element);

  Pointer lsl_next_sibling(Pointer element);

  Pointer lsl_next_sibling_n(Pointer element, String name);

  int lsl_empty(Pointer element);

  String lsl_name(Pointer element);

  String lsl_child_value_n(Pointer element, String name);

  Pointer lsl_append_child(Pointer element, String name);

  Pointer lsl_append_child_value(Pointer element, String name, String value);

  // ---- resolve (buffer = array of lsl_streaminfo; each result must be destroyed)
  int lsl_resolve_all(Pointer buffer, int bufferElements, double waitTime);

  int lsl_resolve_byprop(
      Pointer buffer, int bufferElements, String prop, String value, int minimum, double timeout);

  int lsl_resolve_bypred(
      Pointer buffer, int bufferElements, String predicate, int minimum, double timeout);

  // ---- outlet
  Pointer lsl_create_outlet(Pointer info, int chunkSize, int maxBuffered);

  void lsl_destroy_outlet(Pointer outlet);

  /** A copy of the outlet's info (uid, hostname assigned); destroy it after use. */
  Pointer lsl_get_info(Pointer outlet);

  int lsl_push_sample_ftp(Pointer outlet, float[] data, double timestamp, int pushthrough);

  int lsl_push_sample_dtp(Pointer outlet, double[] data, double timestamp, int pushthrough);

  int lsl_push_sample_itp(Pointer outlet, int[] data, double timestamp, int pushthrough);

  int lsl_push_chunk_ftp(
      Pointer outlet, Pointer data, NativeLong dataElements, double timestamp, int pushthrough);

  int lsl_push_chunk_ftnp(
      Pointer outlet, Pointer data, NativeLong dataElements, Pointer timestamps, int pushthrough);

  int lsl_push_sample_strtp(Pointer outlet, String[] data, double timestamp, int pushthrough);

  int lsl_have_consumers(Pointer outlet);

  int lsl_wait_for_consumers(Pointer outlet, double timeout);

  // ---- inlet
  Pointer lsl_create_inlet(Pointer info, int maxBuflen, int maxChunklen, int recover);

  /** Destroys an inlet. Do not call {@link #lsl_close_stream} first (races with recovery). */
  void lsl_destroy_inlet(Pointer inlet);

  Pointer lsl_get_fullinfo(Pointer inlet, double timeout, Pointer ec);

  void lsl_open_stream(Pointer inlet, double timeout, Pointer ec);

  /** Bound for completeness; teardown never calls it (see {@link #lsl_destroy_inlet}). */
  void lsl_close_stream(Pointer inlet);

  double lsl_time_correction(Pointer inlet, double timeout, Pointer ec);

  double lsl_pull_sample_f(
      Pointer inlet, Pointer buffer, int bufferElements, double timeout, Pointer ec);

  double lsl_pull_sample_d(
      Pointer inlet, Pointer buffer, int bufferElements, double timeout, Pointer ec);

  /** Fills {@code buffer} with malloc'ed strings, each freed with {@link #lsl_destroy_string}. */
  double lsl_pull_sample_str(
      Pointer inlet, Pointer buffer, int bufferElements, double timeout, Pointer ec);

  /** Returns the number of data VALUES written (samples × channels), not samples. */
  NativeLong lsl_pull_chunk_f(
      Pointer inlet,
      Pointer dataBuffer,
      Pointer timestampBuffer,
      NativeLong dataBufferElements,
      NativeLong timestampBufferElements,
      double timeout,
      Pointer ec);

  int lsl_samples_available(Pointer inlet);

  int lsl_was_clock_reset(Pointer inlet);
}
