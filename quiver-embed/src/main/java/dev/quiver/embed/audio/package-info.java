/**
 * Audio embedding models, in-process: WAV decoding and resampling, MFCC and log-mel features, a
 * pooled MFCC vector and ONNX audio encoders.
 *
 * <p>{@link dev.quiver.embed.audio.WavDecoder} reads PCM and float WAV files (mixed down to mono),
 * {@link dev.quiver.embed.audio.Resampler} converts rates with a windowed-sinc filter,
 * {@link dev.quiver.embed.audio.MfccExtractor} computes features as an
 * {@link dev.quiver.embed.audio.MfccConfig} says, {@link dev.quiver.embed.audio.AudioFeatures} ties
 * them together (and keeps the frames that hold sound).
 * {@link dev.quiver.embed.audio.MfccEmbeddingModel} and
 * {@link dev.quiver.embed.audio.OnnxAudioModel} are the models; {@link
 * dev.quiver.embed.audio.BuiltinAudioModel} lists the ones that ship with Quiver
 * ({@code quiver-mfcc}, {@code quiver-spoken-words}) and
 * {@link dev.quiver.embed.audio.AudioModelSettings} describes a user's own
 * ({@code "type": "audio"} in a models.json).
 *
 * <p>Glossary: a <em>frame</em> is {@code frameLength} samples analysed together, one every
 * {@code hopLength} samples; <em>log-mel</em> is the natural log of a frame's energy in each
 * triangular mel band; <em>MFCCs</em> are the DCT-II of the log-mel frame.
 */
package dev.quiver.embed.audio;
