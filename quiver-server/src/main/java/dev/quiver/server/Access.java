package dev.quiver.server;

/** Who may call a route when API keys are configured. */
enum Access {
  /** Anyone: health probes. */
  OPEN,
  /** The read-only key or the admin key. */
  READ,
  /** Only the admin key. */
  WRITE
}
