package dev.quiver.embed.onnx;

import ai.onnxruntime.OrtException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a model's {@code close()} from freeing native memory (an ONNX Runtime session, a
 * tokenizer) under a running call: calls run under the read lock, so any number run at once, and
 * close takes the write lock, waiting for them. After close every call is refused with
 * "<i>what</i> is closed". Shared by the ONNX text, image, CLIP text and audio models.
 */
public final class ModelLifecycle {

  /** A model call: may throw what ONNX Runtime throws. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws OrtException;
  }

  /** Frees a model's native resources; called once. */
  @FunctionalInterface
  public interface Release {
    void run() throws OrtException;
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String what;
  private boolean closed; // guarded by lock

  /** @param what how messages name the model, e.g. {@code embedding model 'all-MiniLM-L6-v2'} */
  public ModelLifecycle(String what) {
    this.what = what;
  }

  /**
   * Runs {@code call} unless the model is closed. An {@link OrtException} becomes an
   * {@link IllegalStateException} naming the model.
   */
  public <T> T use(Call<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(what + " is closed");
      }
      return call.run();
    } catch (OrtException e) {
      throw new IllegalStateException(what + ": ONNX Runtime failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Marks the model closed and runs {@code release} once running calls have finished; later
   * calls do nothing. A failing release is reported once; the model stays closed.
   */
  public void close(Release release) {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      release.run();
    } catch (OrtException e) {
      throw new IllegalStateException(what + ": closing the ONNX Runtime session failed: " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
