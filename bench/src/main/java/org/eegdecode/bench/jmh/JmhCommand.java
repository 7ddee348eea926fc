package org.eegdecode.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code eegdecode bench jmh [JMH options] [benchmark regex]}: runs the JMH benchmarks of this
 * package through {@link org.openjdk.jmh.Main}, passing every argument on unchanged ({@code -h}
 * lists JMH's options, {@code -l} the benchmarks). Forks inherit this JVM's options (JMH's default
 * when no {@code -jvmArgs} is given), so the launcher's DJL offline and Chronicle flags reach them.
 */
@Command(
    name = "jmh",
    description = {
      "JMH micro-benchmarks (sample ring, epocher, epoch assembly); arguments go to JMH.",
      "Example: eegdecode bench jmh -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc Epoch"
    })
public final class JmhCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "JMH_ARG", description = "Passed to JMH as is.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(args.toArray(new String[0]));
    return 0;
  }
}
