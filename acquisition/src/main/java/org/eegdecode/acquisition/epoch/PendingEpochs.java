package org.eegdecode.acquisition.epoch;

import org.eegdecode.acquisition.ring.SampleEvent;

/**
 * The preallocated table of accepted markers whose epochs are not yet complete (RSVP at SOA 200 ms
 * with 1 s windows keeps about five open). Entries are kept in acceptance order, so epochs that
 * complete on the same sample leave in marker order. Single-threaded; allocation-free.
 */
final class PendingEpochs {
  static final long UNRESOLVED = -1;

  private final int capacity;
  private final int[] order; // active entry ids, oldest first
  private int count;
  private final int[] free;
  private int freeCount;

  final double[] markerTimestamp;
  final double[] markerNumber;
  final byte[] markerBytes;
  final int[] markerLength;
  final long[] markerArrivalNanos;
  final long[] epochIndex;
  final long[] onset;
  final boolean[] hinted;

  PendingEpochs(int capacity) {
    this.capacity = capacity;
    this.order = new int[capacity];
    this.free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      free[i] = capacity - 1 - i;
    }
    this.freeCount = capacity;
    this.markerTimestamp = new double[capacity];
    this.markerNumber = new double[capacity];
    this.markerBytes = new byte[capacity * SampleEvent.MAX_MARKER_BYTES];
    this.markerLength = new int[capacity];
    this.markerArrivalNanos = new long[capacity];
    this.epochIndex = new long[capacity];
    this.onset = new long[capacity];
    this.hinted = new boolean[capacity];
  }

  /** Copies the marker into a free entry; returns its id, or -1 when the table is full. */
  int add(SampleEvent marker, long index) {
    if (freeCount == 0) {
      return -1;
    }
    int id = free[--freeCount];
    markerTimestamp[id] = marker.timestamp();
    markerNumber[id] = marker.markerNumber();
    markerLength[id] = marker.markerLength();
    System.arraycopy(
        marker.markerBytes(),
        0,
        markerBytes,
        id * SampleEvent.MAX_MARKER_BYTES,
        marker.markerLength());
    markerArrivalNanos[id] = marker.arrivalNanos();
    epochIndex[id] = index;
    onset[id] = UNRESOLVED;
    hinted[id] = false;
    order[count++] = id;
    return id;
  }

  int size() {
    return count;
  }

  int capacity() {
    return capacity;
  }

  /** The id of the i-th open entry, oldest first. */
  int idAt(int i) {
    return order[i];
  }

  /** Removes the i-th open entry; later entries move up one place. */
  void removeAt(int i) {
    int id = order[i];
    System.arraycopy(order, i + 1, order, i, count - i - 1);
    count--;
    free[freeCount++] = id;
  }

  /** Removes the most recently added entry (the one {@link #add} just returned). */
  void removeLast() {
    removeAt(count - 1);
  }

  void clear() {
    while (count > 0) {
      removeAt(count - 1);
    }
  }

  int markerOffset(int id) {
    return id * SampleEvent.MAX_MARKER_BYTES;
  }
}
