#!/usr/bin/python3
"""Trains the image tower of quiver-fashion-clip: Fashion-MNIST images into all-MiniLM-L6-v2's space.

The text side of quiver-fashion-clip is all-MiniLM-L6-v2 itself, so this trains only an image tower
(the CNN backbone of fashion_common and a projection to 384-d) against fixed caption embeddings:
  - InfoNCE, image -> text: for each image, one randomly drawn caption per class; the image's own
    class is the positive (temperature 0.07);
  - InfoNCE, text -> image: each training caption against the batch's images, the images of its
    class the positives (multi-positive; temperature 0.07);
  - plus an alignment term 1 - cos(image, class centroid) (centroid = normalised mean of the class's
    caption embeddings), which keeps images inside the part of the text space captions occupy, so
    queries phrased differently from the training captions still land near the right images.
The caption embeddings come from Quiver's own MiniLM (FashionCaptionEmbedder, see README.md), since
MiniLM cannot run here in Python. The 'eval' queries of captions.json are never trained on; the
script reports how they retrieve images.

Writes the ONNX graph (input "pixels" [batch,1,28,28], output "embedding" [batch,384], not normalised)
into quiver-embed's resources, and reference vectors of the first 50 test images for the Java
parity test.

Run from the repository root:  /usr/bin/python3 models/fashion-clip/train.py
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import fashion_common as fc  # noqa: E402

RESOURCES = os.path.join(fc.REPO, "quiver-embed", "src", "main", "resources", "dev", "quiver",
                         "embed", "image")
TEST_RESOURCES = os.path.join(fc.REPO, "quiver-embed", "src", "test", "resources", "dev", "quiver",
                              "embed", "image")
DIM = 384


class ImageTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = fc.Backbone(256)
        self.project = nn.Linear(256, DIM)

    def forward(self, x):
        return self.project(F.relu(self.backbone(x)))


def load_captions():
    with open(os.path.join(HERE, "captions.json")) as f:
        captions = json.load(f)
    vectors = np.fromfile(os.path.join(HERE, "caption-embeddings.f32"), dtype="<f4").reshape(-1, DIM)
    n_train = sum(len(p) for p in captions["train"])
    if len(vectors) != n_train + len(captions["eval"]):
        sys.exit("caption-embeddings.f32 has %d rows, captions.json %d captions: re-run"
                 " FashionCaptionEmbedder (README.md)" % (len(vectors), n_train + len(captions["eval"])))
    train, row = [], 0
    for phrasings in captions["train"]:
        train.append(torch.from_numpy(vectors[row:row + len(phrasings)].copy()))
        row += len(phrasings)
    return captions, train, torch.from_numpy(vectors[row:].copy())


@torch.no_grad()
def evaluate(test_e, test_y, queries, names):
    """Precision of the top 10 test images per eval query, and image->text accuracy over them."""
    sims = queries @ test_e.T  # [10, n]
    precisions = []
    for c in range(len(queries)):
        top = sims[c].topk(10).indices
        precisions.append(int((torch.as_tensor(test_y)[top] == c).sum()))
    picked = (test_e @ queries.T).argmax(1).numpy()
    return precisions, float((picked == test_y).mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=16)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--temperature", type=float, default=0.07)
    ap.add_argument("--align", type=float, default=0.5, help="weight of the centroid alignment term")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save-state", help="also save the PyTorch weights to this file")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(RESOURCES, "quiver-fashion-clip-image.onnx"))
    ap.add_argument("--reference", default=os.path.join(TEST_RESOURCES, "fashion-clip-reference.json"))
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    captions, train_caps, eval_caps = load_captions()
    centroids = F.normalize(torch.stack([c.mean(0) for c in train_caps]), dim=1)
    print("eval query -> nearest class centroid (text only):")
    for c, row in enumerate(eval_caps @ centroids.T):
        print("  %-20s -> %-12s (cos %.3f, right class %.3f)" % (
            captions["eval"][c], fc.CLASS_NAMES[int(row.argmax())], float(row.max()), float(row[c])))

    all_caps = torch.cat(train_caps)
    all_caps_y = torch.cat([torch.full((len(c),), i) for i, c in enumerate(train_caps)])
    train_x, train_y, test_x, test_y = fc.load_fashion_mnist()
    x_all = fc.to_tensor(train_x)
    y_all = torch.from_numpy(train_y)
    model = ImageTower()
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
            y = y_all[idx]
            e = F.normalize(model(fc.augment(x_all[idx])), dim=1)
            # Image -> text: one caption per class, drawn afresh for every batch.
            drawn = torch.stack([c[np.random.randint(len(c))] for c in train_caps])
            loss = F.cross_entropy(e @ drawn.T / args.temperature, y)
            # Text -> image: every caption against the batch's images, its class's images the
            # positives (multi-positive InfoNCE), so a caption ranks its class's images first.
            log_p = F.log_softmax(all_caps @ e.T / args.temperature, dim=1)  # [captions, batch]
            positives = (all_caps_y[:, None] == y[None, :]).float()
            t2i = -(log_p * positives).sum(1) / positives.sum(1).clamp(min=1)
            loss = loss + t2i[positives.sum(1) > 0].mean()
            loss = loss + args.align * (1 - (e * centroids[y]).sum(1)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        print("epoch %d: loss %.4f (%.0f s)" % (epoch + 1, total / seen, time.time() - started),
              flush=True)

    if args.save_state:
        torch.save(model.state_dict(), args.save_state)
    test_e = fc.embed(model, test_x)
    precisions, image_to_text = evaluate(test_e, test_y, eval_caps, fc.CLASS_NAMES)
    size = fc.export_onnx(model, args.out)
    indices = list(range(50))
    with open(args.reference, "w") as f:
        json.dump({"model": "quiver-fashion-clip", "source": "t10k-images-idx3-ubyte.gz",
                   "indices": indices, "labels": [int(test_y[i]) for i in indices],
                   "vectors": [[round(float(v), 7) for v in test_e[i]] for i in indices]}, f)
        f.write("\n")
    print("onnx: %s (%d bytes)" % (os.path.relpath(args.out, fc.REPO), size))
    print("text->image, right-class images in the top 10 of 10,000 test images (held-out queries):")
    for c, p in enumerate(precisions):
        print("  %-20s %d/10" % ('"' + captions["eval"][c] + '"', p))
    print("image->text accuracy (10,000 test images, the 10 held-out queries as captions): %.4f"
          % image_to_text)
    train_acc = float(((test_e @ centroids.T).argmax(1).numpy() == test_y).mean())
    print("image->class-centroid accuracy: %.4f" % train_acc)
    print("training time: %.0f s on %d threads" % (time.time() - started, args.threads))


if __name__ == "__main__":
    main()
