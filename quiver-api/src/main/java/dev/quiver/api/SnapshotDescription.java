package dev.quiver.api;

/** A snapshot file on the server: {@code {"name": "docs-20260101T000000Z.snapshot", "size": bytes}}. */
public record SnapshotDescription(String name, long size) {}
