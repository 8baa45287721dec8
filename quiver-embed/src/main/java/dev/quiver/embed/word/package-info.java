/**
 * Word-level embeddings: word vectors in the word2vec (binary, text) and GloVe formats
 * ({@link dev.quiver.embed.word.WordVectors}), nearest words and analogies through Quiver's own
 * indexes ({@link dev.quiver.embed.word.WordSearcher}), a skip-gram trainer with negative sampling
 * ({@link dev.quiver.embed.word.Word2VecTrainer}) and an averaged-word-vector sentence model
 * ({@link dev.quiver.embed.word.AverageWordEmbeddingModel}).
 *
 * <pre>{@code
 * WordVectors v = new Word2VecTrainer(Word2VecConfig.defaults().withEpochs(5))
 *     .onProgress(p -> System.out.printf("%.0f%% %.0f words/s%n", 100 * p.fraction(), p.wordsPerSecond()))
 *     .train(Path.of("corpus.txt"));                       // or WordVectors.load(Path.of("glove.6B.100d.txt"))
 * v.save(Path.of("vectors.bin"), WordVectorsFormat.WORD2VEC_BINARY);
 * WordSearcher s = WordSearcher.of(v);                    // exact up to 50k words, HNSW above
 * s.nearest("dog", 10);                                   // [cat 0.90, ...]
 * s.analogy("king", "man", "woman", 1);                   // king - man + woman: [queen ...]
 * EmbeddingModel m = AverageWordEmbeddingModel.sif("my-words", v);   // sentences, for a collection
 * }</pre>
 *
 * <p>Glossary: <b>skip-gram</b> predicts each context word from the centre word; <b>negative
 * sampling</b> replaces the softmax by telling the true context word from {@code negative} words
 * drawn from the unigram distribution raised to 3/4; <b>subsampling</b> drops very frequent words
 * at random (threshold {@code sample}); <b>Hogwild</b> is lock-free parallel SGD over shared
 * weights; <b>3CosAdd</b> answers an analogy a - b + c by cosine over unit vectors; <b>SIF</b>
 * (smooth inverse frequency) weights a word a/(a + p(w)).
 */
package dev.quiver.embed.word;
