package org.eegdecode.acquisition.npy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler made safe and frugal for numpy files. Only the opcodes that matter are
 * overridden; everything else is Pyrolite's:
 *
 * <ul>
 *   <li>GLOBAL and STACK_GLOBAL resolve through {@link NumpyGlobals}'s whitelist; any other global
 *       is refused before anything is constructed. INST, OBJ, NEWOBJ(_EX), PERSID, BINPERSID, EXT*
 *       and out-of-band buffers are refused outright. BUILD only completes our own ndarray and
 *       dtype placeholders (no reflection).
 *   <li>BINBYTES, BINBYTES8 and BYTEARRAY8 payloads above a threshold, when reading from a file,
 *       are recorded as a {@link LazyRegion} and skipped, so a 3.3 GB array is never read here.
 *   <li>Every declared length is checked against what is left of the input before anything is
 *       allocated, so a corrupt length gives a clear error instead of an OutOfMemoryError.
 *   <li>Dicts keep insertion order (Pyrolite uses HashMap).
 * </ul>
 *
 * <p>An ndarray is pickled as {@code _reconstruct(...)} then BUILD with its state; we push a
 * placeholder on REDUCE and replace it with the finished value on BUILD. The memo may still hold
 * the placeholder, so memo reads hand out the finished value instead.
 */
final class NumpyUnpickler extends Unpickler {
  private static final int MAX_GLOBAL_LINE = 256;

  private final PositionedInput in;
  private final String source;
  private final long lazyThreshold;
  private int unfinishedArrays;

  NumpyUnpickler(PositionedInput in, String source, long lazyThreshold) {
    this.in = in;
    this.source = source;
    this.lazyThreshold = lazyThreshold;
    this.memo = new ResolvingMemo();
  }

  /** Unpickles from the current position of the input. */
  Object unpickle() throws IOException {
    Object result;
    try {
      result = load(in);
    } catch (NpyFormatException e) {
      throw e;
    } catch (NumpyPickleException e) {
      throw new NpyFormatException(source + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (in.remaining() == 0) {
        throw new NpyFormatException(
            source + ": pickle ends early at byte " + in.position() + " (file truncated?)", e);
      }
      throw new NpyFormatException(
          source + ": malformed pickle near byte " + in.position() + ": " + e.getMessage(), e);
    }
    if (unfinishedArrays > 0 || result instanceof NumpyGlobals.Pending) {
      throw NpyFormatException.of(
          source, "malformed pickle: an ndarray or dtype never got its state");
    }
    return result;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case Opcodes.GLOBAL:
        pushGlobal(readLine(), readLine());
        break;
      case Opcodes.STACK_GLOBAL:
        {
          Object name = stack.pop();
          Object module = stack.pop();
          if (!(module instanceof String) || !(name instanceof String)) {
            throw new PickleException("STACK_GLOBAL needs two strings");
          }
          pushGlobal((String) module, (String) name);
          break;
        }
      case Opcodes.REDUCE:
        reduce();
        break;
      case Opcodes.BUILD:
        build();
        break;
      case Opcodes.EMPTY_DICT:
        stack.add(new LinkedHashMap<>());
        break;
      case Opcodes.DICT:
        {
          Map<Object, Object> map = new LinkedHashMap<>();
          putPairs(map, stack.pop_all_since_marker());
          stack.add(map);
          break;
        }
      case Opcodes.SETITEMS:
        {
          List<Object> pairs = stack.pop_all_since_marker();
          Object target = stack.peek();
          if (!(target instanceof Map)) {
            throw new PickleException("SETITEMS on a " + NumpyGlobals.describe(target));
          }
          @SuppressWarnings("unchecked")
          Map<Object, Object> map = (Map<Object, Object>) target;
          putPairs(map, pairs);
          break;
        }
      case Opcodes.BINBYTES:
        pushBytes(readLength(4));
        break;
      case Opcodes.BINBYTES8:
      case Opcodes.BYTEARRAY8:
        pushBytes(readLength(8));
        break;
      case Opcodes.BINUNICODE:
        stack.add(new String(readPayload(readLength(4)), StandardCharsets.UTF_8));
        break;
      case Opcodes.BINUNICODE8:
        stack.add(new String(readPayload(readLength(8)), StandardCharsets.UTF_8));
        break;
      case Opcodes.BINSTRING: // Python 2 str: one char per byte, as Pyrolite does
        stack.add(new String(readPayload(readLength(4)), StandardCharsets.ISO_8859_1));
        break;
      case Opcodes.LONG4:
        stack.add(PickleUtils.decode_long(readPayload(readLength(4))));
        break;
      case Opcodes.INST:
        throw refused("INST");
      case Opcodes.OBJ:
        throw refused("OBJ");
      case Opcodes.NEWOBJ:
        throw refused("NEWOBJ");
      case Opcodes.NEWOBJ_EX:
        throw refused("NEWOBJ_EX");
      case Opcodes.PERSID:
        throw refused("PERSID");
      case Opcodes.BINPERSID:
        throw refused("BINPERSID");
      case Opcodes.EXT1:
      case Opcodes.EXT2:
      case Opcodes.EXT4:
        throw refused("EXT1/EXT2/EXT4");
      case Opcodes.NEXT_BUFFER:
        throw refused("NEXT_BUFFER (out-of-band data)");
      default:
        return super.dispatch(key);
    }
    return NO_RETURN_VALUE;
  }

  private void pushGlobal(String module, String name) throws NpyFormatException {
    IObjectConstructor constructor = NumpyGlobals.lookup(module, name);
    if (constructor == null) {
      throw NpyFormatException.of(
          source, "pickle asks for global '" + module + "." + name + "', which is not allowed");
    }
    stack.add(constructor);
  }

  private void reduce() {
    Object args = stack.pop();
    Object callable = stack.pop();
    if (!(callable instanceof IObjectConstructor) || !(args instanceof Object[])) {
      throw new PickleException(
          "REDUCE needs a callable and a tuple, got "
              + NumpyGlobals.describe(callable)
              + " and "
              + NumpyGlobals.describe(args));
    }
    Object value = ((IObjectConstructor) callable).construct((Object[]) args);
    if (value instanceof NumpyGlobals.ArrayBuilder) {
      unfinishedArrays++;
    }
    stack.add(value);
  }

  private void build() {
    Object state = stack.pop();
    Object target = stack.pop();
    if (!(target instanceof NumpyGlobals.Pending) || ((NumpyGlobals.Pending) target).isBuilt()) {
      throw new PickleException("BUILD on a " + NumpyGlobals.describe(target));
    }
    NumpyGlobals.Pending pending = (NumpyGlobals.Pending) target;
    pending.setState(state);
    if (pending instanceof NumpyGlobals.ArrayBuilder) {
      unfinishedArrays--;
    }
    stack.add(pending.result());
  }

  private static void putPairs(Map<Object, Object> map, List<Object> pairs) {
    if (pairs.size() % 2 != 0) {
      throw new PickleException("odd number of items for a dict");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      map.put(pairs.get(i), pairs.get(i + 1));
    }
  }

  /** A little-endian unsigned length of 4 or 8 bytes, checked against what is left. */
  private long readLength(int bytes) throws IOException {
    long start = in.position();
    long n = 0;
    for (int i = 0; i < bytes; i++) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("premature end of file");
      }
      n |= (long) b << (8 * i);
    }
    if (n < 0 || n > in.remaining()) {
      throw NpyFormatException.of(
          source,
          "truncated pickle: opcode at byte "
              + (start - 1)
              + " declares "
              + Long.toUnsignedString(n)
              + " bytes but only "
              + in.remaining()
              + " are left");
    }
    return n;
  }

  private byte[] readPayload(long n) throws IOException {
    if (n > Integer.MAX_VALUE - 8) {
      throw NpyFormatException.of(source, "pickle item of " + n + " bytes is too large for memory");
    }
    return in.readNBytes((int) n);
  }

  private void pushBytes(long n) throws IOException {
    if (in.file() != null && n > lazyThreshold) {
      stack.add(new LazyRegion(in.file(), in.position(), n));
      in.seek(in.position() + n);
    } else {
      stack.add(readPayload(n));
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("premature end of file");
      }
      if (c == '\n') {
        return sb.toString();
      }
      if (sb.length() >= MAX_GLOBAL_LINE) {
        throw new PickleException("GLOBAL name longer than " + MAX_GLOBAL_LINE + " characters");
      }
      sb.append((char) c);
    }
  }

  private NpyFormatException refused(String opcode) {
    return NpyFormatException.of(
        source,
        "pickle uses opcode " + opcode + ", which is not allowed (it can run arbitrary code)");
  }

  /** Memo that hands out finished values for placeholders stored before their BUILD. */
  private static final class ResolvingMemo extends HashMap<Integer, Object> {
    @Override
    public Object get(Object key) {
      Object v = super.get(key);
      if (v instanceof NumpyGlobals.Pending && ((NumpyGlobals.Pending) v).isBuilt()) {
        return ((NumpyGlobals.Pending) v).result();
      }
      return v;
    }
  }
}
