package org.eegdecode.acquisition.ring;

import com.lmax.disruptor.ExceptionHandler;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a ring consumer alive when a handler throws: logs (the first few in full, then one in a
 * thousand) and counts, instead of the Disruptor's default of halting the consumer.
 */
final class LoggingExceptionHandler<T> implements ExceptionHandler<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingExceptionHandler.class);
  private static final int LOGGED_IN_FULL = 10;

  private final String ring;
  private final AtomicLong errors;

  LoggingExceptionHandler(String ring, AtomicLong errors) {
    this.ring = ring;
    this.errors = errors;
  }

  @Override
  public void handleEventException(Throwable ex, long sequence, T event) {
    long n = errors.incrementAndGet();
    if (n <= LOGGED_IN_FULL) {
      LOG.error("{} ring: consumer failed on event {} (continuing)", ring, sequence, ex);
    } else if (n % 1000 == 0) {
      LOG.error("{} ring: {} consumer failures so far, latest: {}", ring, n, ex.toString());
    }
  }

  @Override
  public void handleOnStartException(Throwable ex) {
    errors.incrementAndGet();
    LOG.error("{} ring: consumer failed to start", ring, ex);
  }

  @Override
  public void handleOnShutdownException(Throwable ex) {
    errors.incrementAndGet();
    LOG.error("{} ring: consumer failed on shutdown", ring, ex);
  }
}
