/**
 * Sentence-transformer models run in-process on ONNX Runtime.
 *
 * <p>{@link dev.quiver.embed.onnx.OnnxSentenceModel} is the engine: HuggingFace tokenizer
 * (native, bundled in its jar), length-sorted batches padded to their own longest text, mean or CLS
 * pooling, L2 normalisation. {@link dev.quiver.embed.onnx.BuiltinOnnxModel} lists the models that
 * ship with Quiver; {@link dev.quiver.embed.onnx.OnnxModelSettings} describes a user's own model.
 *
 * <p>Glossary: <em>max length</em> is tokens per text including {@code [CLS]}/{@code [SEP]};
 * <em>batch size</em> is texts per ONNX Runtime call; <em>intra-op threads</em> is ONNX Runtime's
 * per-session thread pool.
 */
package dev.quiver.embed.onnx;
