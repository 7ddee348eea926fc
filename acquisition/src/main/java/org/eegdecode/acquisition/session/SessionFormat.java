package org.eegdecode.acquisition.session;

/**
 * The on-disk layout of a recorded session: a directory holding {@value #MANIFEST} (a small JSON
 * manifest, rewritten atomically when the state changes) and {@value #QUEUE}/, a Chronicle Queue
 * whose excerpts are the records below. Every excerpt starts with its record type byte; numbers are
 * little-endian (Chronicle Bytes' native order on x86-64 and aarch64), strings are Chronicle's
 * stop-bit-length UTF-8.
 *
 * <pre>
 * START    i64 wall-clock ms, f64 local LSL clock, utf8 JSON (recorder, settings)
 * STREAM   i32 stream, utf8 role (eeg|markers|other), name, type, channel_format, source_id,
 *          hostname, uid, f64 nominal rate, i32 channels, i32 labels + utf8 each, utf8 info XML
 * NUMERIC  i32 stream, u8 value bytes (4 = float32, 8 = float64), i32 channels, i32 samples n,
 *          then per sample: i64 sample index, f64 raw stamp, f64 corrected stamp, values
 * STRING   i32 stream, f64 raw stamp, f64 corrected stamp, f64 number (NaN unless numeric),
 *          i32 channels, then per channel i32 length + UTF-8 bytes
 * STATE    i32 stream, u8 state (1 = stall, 2 = resumed), f64 corrected stamp
 * CLOCK    i32 stream, f64 local collection time, f64 offset (local − remote clock)
 * DECODER  utf8 JSON (bundle, fingerprint, top_k, gallery concepts and files)
 * RESULT   i64 epoch index, f64 marker stamp, f64 onset stamp, f64 published (local LSL clock),
 *          f64 complete→result ms, i32 marker length + bytes, i32 k, k × (i32 gallery row, f32 score)
 * END      i64 wall-clock ms, utf8 JSON summary
 * </pre>
 *
 * Raw stamps are the stream's own (as LabRecorder stores them, with the CLOCK records beside);
 * corrected stamps are what the epocher saw (clock sync, dejitter), so a replay into the pipeline
 * reproduces the original epochs exactly. Records appear in sample-ring order. A session without an
 * END record was not closed cleanly (crash, kill); it is readable up to its last complete record,
 * which Chronicle guarantees: an excerpt becomes visible only once fully written.
 */
public final class SessionFormat {
  public static final String MANIFEST = "session.json";
  public static final String QUEUE = "queue";
  public static final String FORMAT = "eegdecode-session";
  public static final int VERSION = 1;

  public static final byte START = 1;
  public static final byte STREAM = 2;
  public static final byte NUMERIC = 3;
  public static final byte STRING = 4;
  public static final byte STATE = 5;
  public static final byte CLOCK = 6;
  public static final byte DECODER = 7;
  public static final byte RESULT = 8;
  public static final byte END = 9;

  public static final byte STATE_STALL = 1;
  public static final byte STATE_RESUMED = 2;

  public static final String ROLE_EEG = "eeg";
  public static final String ROLE_MARKERS = "markers";
  public static final String ROLE_OTHER = "other";

  private SessionFormat() {}
}
