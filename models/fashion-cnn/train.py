#!/usr/bin/python3
"""Trains quiver-fashion-cnn, Quiver's built-in image encoder, on Fashion-MNIST.

A small CNN classifier whose 128-d penultimate layer, L2-normalised, is the embedding (the classifier
is a cosine classifier, so the embedding is trained for cosine similarity). Writes:
  - the ONNX graph (input "pixels" [batch,1,28,28] normalised as in fashion_common.to_tensor, output
    "embedding" [batch,128], not normalised: Quiver normalises) into quiver-embed's resources;
  - reference vectors of the first 50 test images from this script's own inference, for the Java
    parity test;
and prints the test accuracy of the classifier and of cosine k-NN (k=10, training set as the index).

Run from the repository root:  /usr/bin/python3 models/fashion-cnn/train.py
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import fashion_common as fc  # noqa: E402

RESOURCES = os.path.join(fc.REPO, "quiver-embed", "src", "main", "resources", "dev", "quiver",
                         "embed", "image")
TEST_RESOURCES = os.path.join(fc.REPO, "quiver-embed", "src", "test", "resources", "dev", "quiver",
                              "embed", "image")


class FashionCnn(nn.Module):
    """Backbone -> 128-d embedding; cosine classifier with a fixed scale for training."""

    def __init__(self, width=128, scale=16.0):
        super().__init__()
        self.backbone = fc.Backbone(width)
        self.classes = nn.Parameter(torch.randn(10, width) * 0.1)
        self.scale = scale

    def forward(self, x):
        return self.backbone(x)

    def logits(self, x):
        e = F.normalize(self.backbone(x), dim=1)
        return self.scale * e @ F.normalize(self.classes, dim=1).T


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(RESOURCES, "quiver-fashion-cnn.onnx"))
    ap.add_argument("--reference", default=os.path.join(TEST_RESOURCES, "fashion-cnn-reference.json"))
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    train_x, train_y, test_x, test_y = fc.load_fashion_mnist()
    x_all = fc.to_tensor(train_x)
    y_all = torch.from_numpy(train_y)

    model = FashionCnn()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    steps = args.epochs * ((len(x_all) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_all))
        total, seen = 0.0, 0
        for i in range(0, len(perm), args.batch):
            idx = perm[i:i + args.batch]
            loss = F.cross_entropy(model.logits(fc.augment(x_all[idx])), y_all[idx],
                                   label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        print("epoch %d: loss %.4f (%.0f s)" % (epoch + 1, total / seen, time.time() - started),
              flush=True)

    model.eval()
    with torch.no_grad():
        pred = torch.cat([model.logits(fc.to_tensor(test_x[i:i + 1000])).argmax(1)
                          for i in range(0, len(test_x), 1000)])
    classifier_acc = (pred.numpy() == test_y).mean()
    train_e = fc.embed(model, train_x)
    test_e = fc.embed(model, test_x)
    knn = fc.knn_accuracy(train_e, train_y, test_e, test_y, k=10)

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    size = fc.export_onnx(model, args.out)
    os.makedirs(os.path.dirname(args.reference), exist_ok=True)
    indices = list(range(50))
    with open(args.reference, "w") as f:
        json.dump({"model": "quiver-fashion-cnn", "source": "t10k-images-idx3-ubyte.gz",
                   "indices": indices,
                   "labels": [int(test_y[i]) for i in indices],
                   "vectors": [[round(float(v), 7) for v in test_e[i]] for i in indices]}, f)
        f.write("\n")
    params = sum(p.numel() for p in model.backbone.parameters())
    print("parameters (encoder): %d" % params)
    print("onnx: %s (%d bytes)" % (os.path.relpath(args.out, fc.REPO), size))
    print("classifier test accuracy: %.4f" % classifier_acc)
    print("k-NN (k=10, cosine, 60k train index) test accuracy: %.4f" % knn)
    print("training time: %.0f s on %d threads" % (time.time() - started, args.threads))


if __name__ == "__main__":
    main()
