package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging defaults every command and the server start with (simplelogger.properties). */
class LoggingDefaultsTest {

  @Test
  void quiverInformsLibrariesWarnAndDjlsGpuProbeIsSilent() {
    assertTrue(LoggerFactory.getLogger("dev.quiver.engine.EmbeddedCollection").isInfoEnabled());
    assertTrue(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled());
    assertFalse(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled());
    // "Failed to detect GPU count", twice per model load on every machine without CUDA (#19 item 6)
    assertFalse(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled());
    assertTrue(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled());
  }
}
