package dev.quiver.engine.recommend;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.PointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's taste from an interaction history (plays, likes, purchases; skips and dislikes with
 * negative weights), as a time-decayed weighted average of the items' vectors. See
 * {@link Recommender#profileVector} for the formula.
 *
 * <p>Each interaction counts {@code weight * 0.5^(age / halfLife)}, with {@code age = now - time}
 * (never negative). An item played three times is three interactions and counts three times.
 *
 * @param interactions the history (at least one with a positive weight)
 * @param halfLife after how long an interaction counts half; null: no decay
 * @param now the moment ages are measured from; null: the latest interaction's time (so a profile is
 *     reproducible and does not change with the wall clock)
 * @param using the vector name ({@value CollectionConfig#DEFAULT_VECTOR} by default)
 */
public record UserProfile(List<Interaction> interactions, Duration halfLife, Instant now, String using) {

  /**
   * One interaction.
   *
   * @param item the item: a point id (excluded from the user's recommendations), a vector or a text
   * @param weight how much it says about the taste: e.g. 1 for a play, 3 for a like, -1 for a skip
   * @param time when it happened
   */
  public record Interaction(Example item, double weight, Instant time) {
    public Interaction {
      if (item == null) {
        throw new IllegalArgumentException("an interaction needs an item: a point id, a vector or a text");
      }
      if (!Double.isFinite(weight)) {
        throw new IllegalArgumentException("interaction weight is " + weight + "; expected a finite number");
      }
      if (time == null) {
        throw new IllegalArgumentException("interaction with " + item + " needs a time");
      }
    }
  }

  public UserProfile {
    interactions = interactions == null ? List.of() : List.copyOf(interactions);
    using = using == null ? CollectionConfig.DEFAULT_VECTOR : using;
    if (interactions.stream().noneMatch(i -> i.weight() > 0)) {
      throw new IllegalArgumentException("a user profile needs at least one interaction with a positive weight;"
          + " got " + interactions.size() + " interaction(s)");
    }
    if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
      throw new IllegalArgumentException("half-life must be positive, got " + halfLife);
    }
    if (now == null) {
      now = interactions.stream().map(Interaction::time).max(Instant::compareTo).orElseThrow();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weight of {@code i} after decay: {@code weight * 0.5^(age / halfLife)}. */
  public double decayedWeight(Interaction i) {
    if (halfLife == null) {
      return i.weight();
    }
    double age = Math.max(0, Duration.between(i.time(), now).toMillis());
    return i.weight() * Math.pow(0.5, age / halfLife.toMillis());
  }

  /** The ids of the items interacted with (in first-seen order): never recommended back. */
  public Set<PointId> seenIds() {
    Set<PointId> ids = new LinkedHashSet<>();
    for (Interaction i : interactions) {
      if (i.item() instanceof Example.Id id) {
        ids.add(id.id());
      }
    }
    return ids;
  }

  /** Collects interactions. Not thread-safe. */
  public static final class Builder {
    private final List<Interaction> interactions = new ArrayList<>();
    private Duration halfLife;
    private Instant now;
    private String using;

    private Builder() {}

    public Builder halfLife(Duration d) {
      this.halfLife = d;
      return this;
    }

    public Builder now(Instant t) {
      this.now = t;
      return this;
    }

    public Builder using(String vectorName) {
      this.using = vectorName;
      return this;
    }

    public Builder add(Example item, double weight, Instant time) {
      interactions.add(new Interaction(item, weight, time));
      return this;
    }

    public Builder add(long id, double weight, Instant time) {
      return add(Example.of(id), weight, time);
    }

    public UserProfile build() {
      return new UserProfile(interactions, halfLife, now, using);
    }
  }
}
