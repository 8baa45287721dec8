package dev.quiver.cli;

import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.NoSuchCollectionException;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.storage.FolderInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** The exit codes of {@code quiver}, listed in the top-level help, and the mapping of errors to them. */
final class ExitCodes {

  static final int OK = 0;
  /** Anything else: an I/O error, a server fault. */
  static final int RUNTIME = 1;
  /** Bad command line (picocli's own code). */
  static final int USAGE = 2;
  /** The collection (or snapshot file) does not exist. */
  static final int NOT_FOUND = 3;
  /** Bad input: file lines, vectors, filters, configs, an existing name. */
  static final int INVALID_INPUT = 4;
  /** Cannot reach the database: server down, auth refused, folder held by another process. */
  static final int UNAVAILABLE = 5;

  private ExitCodes() {}

  static int of(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode;
    }
    if (e instanceof NoSuchCollectionException || e instanceof java.nio.file.NoSuchFileException) {
      return NOT_FOUND;
    }
    if (e instanceof SecurityException || e instanceof FolderInUseException) {
      return UNAVAILABLE;
    }
    if (e instanceof InvalidFilterException || e instanceof CollectionExistsException
        || e instanceof IllegalArgumentException) {
      return INVALID_INPUT;
    }
    if (e instanceof ApiException a && a.code() == ApiErrorCode.UNAVAILABLE) {
      return UNAVAILABLE;
    }
    if (e instanceof UncheckedIOException || e instanceof IOException) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
            || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
          return UNAVAILABLE;
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
          return NOT_FOUND;
        }
      }
    }
    return RUNTIME;
  }

  /** One line that says what went wrong, without the exception class when the message says it all. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "file not found: " + m;
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (m == null || m.isBlank()) {
      Throwable c = e.getCause();
      return c != null && c != e ? message(c) : e.getClass().getSimpleName();
    }
    if (of(e) == UNAVAILABLE && (e instanceof UncheckedIOException || e instanceof IOException)
        && !(e instanceof FolderInUseException)) {
      return m + " (is the server running? start one with: quiver serve)";
    }
    if (e instanceof SecurityException) {
      return m + " (check --api-key or $QUIVER_API_KEY)";
    }
    return m;
  }
}
