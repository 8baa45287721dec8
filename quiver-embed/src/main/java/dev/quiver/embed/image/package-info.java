/**
 * Image embedding models run in-process on ONNX Runtime, and the shared text–image space.
 *
 * <p>{@link dev.quiver.embed.image.ImageDecoder} turns PNG/JPEG/GIF/BMP bytes into pixel planes
 * (javax.imageio); {@link dev.quiver.embed.image.ImagePreprocessing} converts them to the model's
 * channels, resizes (PIL-style antialiased bilinear, optionally shorter side + centre crop) and
 * normalises them into an NCHW float tensor; {@link dev.quiver.embed.image.OnnxImageModel} runs
 * batches through an ONNX graph and pools/normalises its output. {@link
 * dev.quiver.embed.image.TextImageModel} pairs a text encoder with an image encoder that share one
 * space (CLIP-style).
 *
 * <p>Built-ins ({@link dev.quiver.embed.image.BuiltinImageModel}) are trained on Fashion-MNIST by
 * the scripts in the repository's {@code models/} folder; user models are described by
 * {@link dev.quiver.embed.image.ImageModelSettings}.
 *
 * <p>Glossary: <em>input size</em> is the model's width × height in pixels; <em>resize-shorter</em>
 * the length of the shorter side before a centre crop; <em>mean</em>/<em>std</em> are per channel on
 * the [0, 1] pixel scale; <em>pooling</em> turns a feature map or token sequence into one vector.
 */
package dev.quiver.embed.image;
