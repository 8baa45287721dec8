package dev.quiver.server;

/** Who may call a route when API keys are configured. */
enum Access {
  /** Anyone: health probes, the web console's files. */
  OPEN,
  /**
   * Anyone when a browser asks for HTML ({@code Accept: text/html}): the web console's page at
   * {@code /}; any other answer of the route needs {@link #READ}.
   */
  PAGE,
  /** The read-only key or the admin key. */
  READ,
  /** Only the admin key. */
  WRITE
}
