package org.eegdecode.acquisition.ingest;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle both inlet threads share: one named daemon thread running {@link #pull()} while
 * {@link #running()}, the error that ended it, the inlet closed on the way out, and a bounded
 * {@link #close()}.
 */
public abstract class IngestThread implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestThread.class);
  private static final long JOIN_SECONDS = 10;

  private volatile boolean running = true;
  private Thread thread;
  private volatile Throwable failure;

  /** The pull loop; returns once {@link #running()} turns false. */
  protected abstract void pull() throws Exception;

  /** Destroys the inlet (the thread's own on exit, or the caller's when it never started). */
  protected abstract void closeInlet();

  /** The thread's name, e.g. {@code lsl-eeg-NAME}. */
  protected abstract String threadName();

  /** Called under the start lock, just before the thread starts. */
  protected void beforeStart() {}

  protected final boolean running() {
    return running;
  }

  /** Starts the ingest thread. */
  public final synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    beforeStart();
    thread = new Thread(this, threadName());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public final void run() {
    try {
      pull();
    } catch (Throwable t) {
      failure = t;
      LOG.error("{} failed: {}", threadName(), t.toString(), t);
    } finally {
      closeInlet();
    }
  }

  /** The error that ended the thread, or null. */
  public final Throwable failure() {
    return failure;
  }

  /** Whether the ingest thread is running. */
  public final boolean isAlive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** Stops the thread (it exits within one pull or resolve) and destroys the inlet. */
  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      closeInlet();
      return;
    }
    if (t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("{} did not stop within {} s", threadName(), JOIN_SECONDS);
      }
    }
  }
}
