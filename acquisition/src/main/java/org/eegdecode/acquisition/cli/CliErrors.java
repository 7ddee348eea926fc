package org.eegdecode.acquisition.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr naming what is wrong; the stack trace only with {@code
 * --verbose}. Bad input (files, streams, configuration) exits 2, internal errors exit 1.
 */
public final class CliErrors implements IExecutionExceptionHandler {
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL_ERROR = 1;

  private final VerboseOption verbose;

  public CliErrors(VerboseOption verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    Throwable cause = unwrap(ex);
    boolean badInput = isBadInput(cause);
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    err.println(
        cmd.getCommandSpec().qualifiedName()
            + ": "
            + (badInput ? "" : "internal error: ")
            + message.replace('\n', ' '));
    if (verbose.enabled) {
      cause.printStackTrace(err);
    } else if (!badInput) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return badInput ? BAD_INPUT : INTERNAL_ERROR;
  }

  static Throwable unwrap(Throwable ex) {
    Throwable current = ex;
    while ((current instanceof UncheckedIOException
            || current instanceof CommandLine.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static boolean isBadInput(Throwable cause) {
    return cause instanceof IOException || cause instanceof IllegalArgumentException;
  }
}
