"""Shared pieces of the Fashion-MNIST training scripts (models/fashion-cnn, models/fashion-clip).

Reads the original IDX files, defines the small CNN backbone both built-in image models use, and
the k-NN evaluation. Runs on Debian's python3-torch / python3-numpy only (no PyPI).
"""
import gzip
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Pixel statistics of the Fashion-MNIST training set (pixels scaled to [0, 1]); the Java
# preprocessing of the built-in models uses the same numbers.
MEAN = 0.2860
STD = 0.3530

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def data_dir():
    """The fashion-mnist folder: $QUIVER_DATA_DIR/fashion-mnist, else ../shared/data/fashion-mnist."""
    base = os.environ.get("QUIVER_DATA_DIR") or os.path.join(REPO, "..", "shared", "data")
    d = os.path.join(base, "fashion-mnist")
    if not os.path.isfile(os.path.join(d, "train-images-idx3-ubyte.gz")):
        sys.exit("Fashion-MNIST IDX files not found in %s (set QUIVER_DATA_DIR to the shared data"
                 " folder, or install the Debian package dataset-fashion-mnist and copy its files)" % d)
    return d


def read_images(path):
    with gzip.open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 0x803:
            sys.exit("%s: bad IDX image magic %x" % (path, magic))
        return np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, rows, cols)


def read_labels(path):
    with gzip.open(path, "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        if magic != 0x801:
            sys.exit("%s: bad IDX label magic %x" % (path, magic))
        return np.frombuffer(f.read(n), dtype=np.uint8).astype(np.int64)


def load_fashion_mnist():
    """(train_images uint8 [60000,28,28], train_labels, test_images, test_labels)."""
    d = data_dir()
    return (read_images(os.path.join(d, "train-images-idx3-ubyte.gz")),
            read_labels(os.path.join(d, "train-labels-idx1-ubyte.gz")),
            read_images(os.path.join(d, "t10k-images-idx3-ubyte.gz")),
            read_labels(os.path.join(d, "t10k-labels-idx1-ubyte.gz")))


def to_tensor(images):
    """uint8 [n,28,28] -> normalised float [n,1,28,28], exactly as the Java preprocessing does."""
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).unsqueeze(1)
    return (x - MEAN) / STD


def augment(x):
    """Random horizontal flip and a random shift of up to 2 pixels (one shift per batch)."""
    flip = torch.rand(x.shape[0]) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    dx, dy = np.random.randint(-2, 3, size=2)
    background = -MEAN / STD
    padded = F.pad(x, (2, 2, 2, 2), value=background)
    return padded[:, :, 2 + dy:30 + dy, 2 + dx:30 + dx]


class Backbone(nn.Module):
    """Three conv blocks (16, 32, 64 channels) and a dense layer: [n,1,28,28] -> [n, width]."""

    def __init__(self, width=128, channels=(16, 32, 64)):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                                 nn.BatchNorm2d(cout), nn.ReLU(inplace=True), nn.MaxPool2d(2))

        c1, c2, c3 = channels
        self.features = nn.Sequential(block(1, c1), block(c1, c2), block(c2, c3))  # 28->14->7->3
        self.dense = nn.Linear(c3 * 3 * 3, width)

    def forward(self, x):
        return self.dense(torch.flatten(self.features(x), 1))


@torch.no_grad()
def embed(model, images, batch=1000):
    """L2-normalised embeddings of uint8 images, in eval mode."""
    model.eval()
    out = []
    for i in range(0, len(images), batch):
        out.append(F.normalize(model(to_tensor(images[i:i + batch])), dim=1))
    return torch.cat(out)


@torch.no_grad()
def knn_accuracy(index, index_labels, queries, query_labels, k=10, chunk=500):
    """Cosine k-NN classification accuracy: majority vote of the k nearest, ties to the nearer."""
    index_labels = torch.as_tensor(index_labels)
    correct = 0
    for i in range(0, len(queries), chunk):
        sims = queries[i:i + chunk] @ index.T
        top = sims.topk(k, dim=1).indices
        votes = index_labels[top]  # [c, k], nearest first
        for row, truth in zip(votes.tolist(), query_labels[i:i + chunk].tolist()):
            counts = {}
            for lab in row:
                counts[lab] = counts.get(lab, 0) + 1
            best = max(counts.values())
            pred = next(lab for lab in row if counts[lab] == best)
            correct += pred == truth
    return correct / len(queries)


def export_onnx(model, path, output_name="embedding"):
    """Exports model (eval mode) with a dynamic batch axis, opset 13 (ONNX Runtime 1.29 loads it)."""
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, input_names=["pixels"],
                      output_names=[output_name], opset_version=13,
                      dynamic_axes={"pixels": {0: "batch"}, output_name: {0: "batch"}})
    import onnx
    onnx.checker.check_model(onnx.load(path))
    return os.path.getsize(path)
