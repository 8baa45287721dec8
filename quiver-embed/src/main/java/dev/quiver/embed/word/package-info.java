/**
 * Word-level embeddings: word vectors in the word2vec (binary, text) and GloVe formats
 * ({@link dev.quiver.embed.word.WordVectors}), nearest words and analogies through Quiver's own
 * indexes ({@link dev.quiver.embed.word.WordSearcher}), a skip-gram trainer with negative sampling
 * ({@link dev.quiver.embed.word.Word2VecTrainer}) and an averaged-word-vector sentence model
 * ({@link dev.quiver.embed.word.AverageWordEmbeddingModel}).
 *
 * <p>Glossary: <b>skip-gram</b> predicts each context word from the centre word; <b>negative
 * sampling</b> replaces the softmax by telling the true context word from {@code negative} words
 * drawn from the unigram distribution raised to 3/4; <b>subsampling</b> drops very frequent words
 * at random (threshold {@code sample}); <b>Hogwild</b> is lock-free parallel SGD over shared
 * weights; <b>SIF</b> (smooth inverse frequency) weights a word a/(a + p(w)).
 */
package dev.quiver.embed.word;
