/**
 * Datasets for Quiver's tests, benchmarks and demos: readers for the shared data folder
 * ({@link dev.quiver.datasets.FashionMnist}, {@link dev.quiver.datasets.WordNet}), a synthetic
 * embedding-like generator ({@link dev.quiver.datasets.ClusteredDataset}), a checksummed cache for
 * derived arrays such as ground truth ({@link dev.quiver.datasets.VectorCache}) and
 * {@link dev.quiver.datasets.Recall}.
 *
 * <p>JDK only, and deliberately independent of {@code quiver-core}: the core's tests depend on this
 * module, so the dependency can only point this way.
 *
 * <p>Where the data comes from: see {@link dev.quiver.datasets.DataPaths}.
 */
package dev.quiver.datasets;
