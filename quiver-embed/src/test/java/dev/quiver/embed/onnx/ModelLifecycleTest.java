package dev.quiver.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelLifecycleTest {

  @Test
  void callsRunUntilCloseThenAreRefusedByName() {
    ModelLifecycle life = new ModelLifecycle("embedding model 'm'");
    assertEquals(42, life.use(() -> 42));
    AtomicInteger released = new AtomicInteger();
    life.close(released::incrementAndGet);
    life.close(released::incrementAndGet);
    assertEquals(1, released.get(), "released once");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> life.use(() -> 1));
    assertEquals("embedding model 'm' is closed", e.getMessage());
  }

  @Test
  void onnxRuntimeFailuresNameTheModel() {
    ModelLifecycle life = new ModelLifecycle("audio model 'a'");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> life.use(() -> {
      throw new OrtException("bad input shape");
    }));
    assertEquals("audio model 'a': ONNX Runtime failed: bad input shape", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> life.close(() -> {
      throw new OrtException("busy");
    }));
    assertTrue(e.getMessage().startsWith("audio model 'a': closing the ONNX Runtime session failed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> life.use(() -> 1), "closed even though the release failed");
  }

  @Test
  void closeWaitsForRunningCalls() throws Exception {
    ModelLifecycle life = new ModelLifecycle("embedding model 'm'");
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Thread caller = Thread.ofPlatform().start(() -> life.use(() -> {
      inCall.countDown();
      try {
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }));
    inCall.await();
    AtomicInteger released = new AtomicInteger();
    Thread closer = Thread.ofPlatform().start(() -> life.close(released::incrementAndGet));
    while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait(); // until close is parked on the lock the running call holds
    }
    assertEquals(0, released.get(), "released under a running call");
    assertTrue(closer.isAlive());
    finish.countDown();
    caller.join();
    closer.join();
    assertEquals(1, released.get());
  }
}
