package org.eegdecode.acquisition.npy;

import java.nio.file.Path;

/**
 * A large pickle payload (BINBYTES, BINBYTES8, BYTEARRAY8) that was skipped rather than read: the
 * array built from it reads its elements from the file when asked.
 */
record LazyRegion(Path file, long offset, long length) {
  Storage storage() {
    return new FileStorage(file, offset, length);
  }
}
