package org.eegdecode.acquisition.npy;

import net.razorvine.pickle.PickleException;

/**
 * A problem found by our numpy constructors, with a message meant for users ("shape/data size
 * mismatch: ..."). The unpickler prefixes it with the file; other pickle errors get a generic
 * "malformed pickle" prefix.
 */
final class NumpyPickleException extends PickleException {
  private static final long serialVersionUID = 1L;

  NumpyPickleException(String message) {
    super(message);
  }
}
