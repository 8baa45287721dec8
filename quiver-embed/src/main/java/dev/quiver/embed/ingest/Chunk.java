package dev.quiver.embed.ingest;

/**
 * A piece of a document's text.
 *
 * @param index position among the document's chunks, from 0
 * @param text the chunk's text: {@code documentText.substring(start, end)}
 * @param start first character in the document's text
 * @param end one past the last character
 */
public record Chunk(int index, String text, int start, int end) {}
