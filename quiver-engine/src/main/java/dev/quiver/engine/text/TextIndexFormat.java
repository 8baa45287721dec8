package dev.quiver.engine.text;

import dev.quiver.storage.BlockReader;
import dev.quiver.storage.BlockWriter;
import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TextIndex} as part of a sealed segment's payload-index file: its document lengths and
 * every term's postings with term frequencies, so opening a segment does not analyse its texts
 * again. The layout is documented in docs/storage-format.md ("Sealed segment: payload indexes");
 * the file around it is {@code dev.quiver.engine.payload.PayloadIndexFile}.
 *
 * <pre>
 * byte   analyzer      1 = {@link TextAnalyzer#ENGLISH}, the only one indexes use
 * int    docCount      ordinals below size with a length above 0
 * long   totalLength   sum of the lengths
 * block  lengths       size varints: the length in terms of each ordinal (0: not a document)
 * int    termCount
 * block+ terms         ascending (String order), as many blocks as it takes, each holding whole terms:
 *                        string term, varint count, varint maxFreq, varint minLength,
 *                        count × (varint ord gap, varint freq)
 * </pre>
 * The first gap is the first ordinal; each next is {@code ord - previous - 1}.
 */
public final class TextIndexFormat {

  static final int ENGLISH = 1;
  /** A block is written out once it holds this many bytes (it may hold more: terms are whole). */
  static final int BLOCK_BYTES = 1 << 20;

  private TextIndexFormat() {}

  /** Writes {@code index} over ordinals [0, size); postings of ordinals past it are left out. */
  public static void write(ChecksummedFileWriter out, TextIndex index, int size) throws IOException {
    if (index.analyzer() != TextAnalyzer.ENGLISH) {
      throw new IllegalArgumentException("text index on '" + index.field() + "' uses a custom analyzer;"
          + " only TextAnalyzer.ENGLISH can be written");
    }
    BlockWriter block = new BlockWriter();
    int docCount = 0;
    long totalLength = 0;
    for (int ord = 0; ord < size; ord++) {
      int len = index.length(ord);
      block.writeVarint(len);
      if (len > 0) {
        docCount++;
        totalLength += len;
      }
    }
    out.writeByte(ENGLISH);
    out.writeInt(docCount);
    out.writeLong(totalLength);
    block.writeTo(out);

    List<Map.Entry<String, TermPostings>> terms = new ArrayList<>();
    for (Map.Entry<String, TermPostings> e : index.allPostings().entrySet()) {
      TermPostings p = e.getValue();
      if (p.size() > 0 && p.ord(0) < size) {
        terms.add(e);
      }
    }
    terms.sort(Map.Entry.comparingByKey());
    out.writeInt(terms.size());
    for (Map.Entry<String, TermPostings> e : terms) {
      TermPostings p = e.getValue();
      int n = p.advance(0, size); // postings at or past size are left out
      block.writeString(e.getKey());
      block.writeVarint(n);
      block.writeVarint(p.maxFreq());
      block.writeVarint(p.minLength());
      int prev = -1;
      for (int i = 0; i < n; i++) {
        block.writeVarint(p.ord(i) - prev - 1);
        block.writeVarint(p.freq(i));
        prev = p.ord(i);
      }
      if (block.size() >= BLOCK_BYTES) {
        block.writeTo(out);
      }
    }
    if (block.size() > 0) {
      block.writeTo(out);
    }
  }

  /** Reads what {@link #write} wrote for {@code field} over {@code size} ordinals. */
  public static TextIndex read(ChecksummedFileReader in, String field, int size) throws IOException {
    long at = in.position();
    int analyzer = in.readByte();
    if (analyzer != ENGLISH) {
      throw in.corrupt("has text analyzer " + analyzer + " for '" + field + "'; this Quiver knows only "
          + ENGLISH + " (english)", at);
    }
    long countAt = in.position();
    int docCount = in.readInt();
    long totalLength = in.readLong();
    BlockReader block = BlockReader.read(in);
    int[] lengths = new int[size];
    int docs = 0;
    long total = 0;
    for (int ord = 0; ord < size; ord++) {
      int len = block.readVarint();
      lengths[ord] = len;
      if (len > 0) {
        docs++;
        total += len;
      }
    }
    block.expectEnd();
    if (docs != docCount || total != totalLength) {
      throw in.corrupt("says text field '" + field + "' has " + docCount + " documents of " + totalLength
          + " terms in all, but its lengths give " + docs + " and " + total, countAt);
    }

    at = in.position();
    int termCount = in.readInt();
    if (termCount < 0) {
      throw in.corrupt("has a term count of " + termCount, at);
    }
    HashMap<String, TermPostings> postings = HashMap.newHashMap(Math.min(termCount, 1 << 20));
    String previous = null;
    int read = 0;
    while (read < termCount) {
      block = BlockReader.read(in);
      if (block.remaining() == 0) {
        throw block.corrupt("has an empty block of terms for '" + field + "'", block.position());
      }
      while (block.remaining() > 0) {
        long termAt = block.position();
        if (read == termCount) {
          throw block.corrupt("has more terms for '" + field + "' than its count " + termCount, termAt);
        }
        String term = block.readString();
        if (previous != null && term.compareTo(previous) <= 0) {
          throw block.corrupt("has term '" + term + "' after '" + previous + "': terms must ascend", termAt);
        }
        previous = term;
        postings.put(term, readPostings(block, term, size));
        read++;
      }
    }
    return new TextIndex(field, TextAnalyzer.ENGLISH, postings, lengths, totalLength, docCount);
  }

  private static TermPostings readPostings(BlockReader block, String term, int size) throws IOException {
    long at = block.position();
    int n = block.readVarint();
    int maxFreq = block.readVarint();
    int minLength = block.readVarint();
    if (n < 1 || n > size || n > block.remaining() / 2 || minLength < 1) {
      throw block.corrupt("has term '" + term + "' with " + n + " documents (of " + size + ", minimum length "
          + minLength + ")", at);
    }
    int[] ords = new int[n];
    int[] freqs = new int[n];
    long ord = -1;
    for (int i = 0; i < n; i++) {
      long entryAt = block.position();
      ord += block.readVarint() + 1L;
      int freq = block.readVarint();
      if (ord >= size) {
        throw block.corrupt("has ordinal " + ord + " for term '" + term + "', beyond the " + size + " ordinals", entryAt);
      }
      if (freq < 1 || freq > maxFreq) {
        throw block.corrupt("has frequency " + freq + " for term '" + term + "' (maximum " + maxFreq + ")", entryAt);
      }
      ords[i] = (int) ord;
      freqs[i] = freq;
    }
    return new TermPostings(ords, freqs, n, maxFreq, minLength);
  }
}
