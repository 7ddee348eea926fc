package org.eegdecode.acquisition.ring;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads with readable names. The Disruptor asks for one thread per consumer, in the order
 * the consumers were registered, so the n-th thread gets the n-th name (then {@code prefix-N}).
 */
public final class NamedThreadFactory implements ThreadFactory {
  private final String prefix;
  private final List<String> names;
  private final AtomicInteger next = new AtomicInteger();

  public NamedThreadFactory(String prefix, List<String> names) {
    this.prefix = prefix;
    this.names = List.copyOf(names);
  }

  @Override
  public Thread newThread(Runnable task) {
    int n = next.getAndIncrement();
    String name = n < names.size() ? names.get(n) : prefix + "-" + n;
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
