package dev.quiver.cli;

/** An expected failure: one line for stderr and the exit code to leave with. */
final class CliException extends RuntimeException {

  final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }
}
