package dev.quiver.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection when its remote address already holds {@code max} open ones (Jetty has a
 * global limit, not a per-address one). A connection that has not finished its headers holds no
 * thread but does hold a socket and buffers until the idle timeout; without this one client could
 * open them by the thousand. Added to the connector as a {@link Connection.Listener}, so Jetty calls
 * it on its selector threads as connections open and close.
 */
final class ClientConnectionLimit implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int max;
  /** Open connections per remote address; an address leaves the map when its last one closes. */
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
  /** The address each counted connection was counted under: a closed socket no longer tells it. */
  private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  ClientConnectionLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a connection limit must be at least 1, got " + max);
    }
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress a = address(connection);
    if (a == null) {
      return;
    }
    counted.put(connection, a);
    // counted even when refused: Jetty calls onClosed for it too, which takes it off again
    int n = open.merge(a, 1, Integer::sum);
    if (n > max) {
      long now = System.nanoTime();
      long last = lastWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
        LOG.warn("closing a new connection from {}: it already has {} open, the limit"
            + " (QUIVER_MAX_CONNECTIONS_PER_CLIENT; logged at most once a minute)", a.getHostAddress(), max);
      }
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress a = counted.remove(connection);
    if (a != null) {
      open.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static InetAddress address(Connection c) {
    SocketAddress s = c.getEndPoint().getRemoteSocketAddress();
    return s instanceof InetSocketAddress i ? i.getAddress() : null;
  }
}
