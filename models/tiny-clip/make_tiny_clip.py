#!/usr/bin/python3
"""Writes a tiny CLIP-shaped model pair (random weights) and a tiny BPE tokenizer.json as test
resources of quiver-embed, with the vectors this script computes for a few texts and images.

The Java test (ClipModelTest) loads them as a user "clip" model and must reproduce those vectors:
it checks the tokenizer (DJL's binding of HuggingFace tokenizers against this script's own BPE),
padding and masking of text batches, EOS pooling, and image decoding, RGB conversion, PIL-style
resizing, centre crop, CLIP mean/std and mean pooling of a feature map.

  text.onnx   inputs input_ids, attention_mask [batch, tokens] int64 -> last_hidden_state [b, t, 16]
  image.onnx  input pixel_values [batch, 3, 32, 32] -> feature map [batch, 16, 7, 7]

Needs python3-torch, python3-onnx, python3-pil (Debian). Run from the repository root:
  /usr/bin/python3 models/tiny-clip/make_tiny_clip.py
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "quiver-embed", "src", "test", "resources", "dev", "quiver", "embed",
                   "image", "tiny-clip")
WORDS = ["a", "photo", "of", "cat", "dog", "red", "car", "boots", "ankle", "shoe", "bag", "an"]
SPECIAL = ["<pad>", "<s>", "</s>", "<unk>"]
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
TEXTS = ["a photo of a cat", "red boots", "an ankle shoe", "a boat", "Dog"]
DIM = 16


def build_tokenizer():
    vocab = {t: i for i, t in enumerate(SPECIAL)}
    for c in "abcdefghijklmnopqrstuvwxyz":
        vocab[c] = len(vocab)
    merges = []
    for w in WORDS:  # each word is a chain of merges: prefix + next character
        for i in range(2, len(w) + 1):
            merge = (w[:i - 1], w[i - 1])
            if merge not in merges:
                merges.append(merge)
                vocab[w[:i]] = len(vocab)
    return vocab, merges


def bpe_ids(text, vocab, merges):
    """This script's own BPE: lowercase, split on whitespace, merge the lowest-ranked pair first."""
    rank = {m: r for r, m in enumerate(merges)}
    ids = [vocab["<s>"]]
    for word in text.lower().split():
        symbols = list(word)
        while True:
            pairs = [(rank.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
            if not pairs or min(pairs)[0] == 1 << 30:
                break
            _, i = min(pairs)
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids.extend(vocab.get(s, vocab["<unk>"]) for s in symbols)
    ids.append(vocab["</s>"])
    return ids


def tokenizer_json(vocab, merges):
    def special(t):
        return {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [special(t) for t in SPECIAL],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "</s>", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [vocab[t]], "tokens": [t]} for t in ["<s>", "</s>"]},
        },
        "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>",
                  "continuing_subword_prefix": None, "end_of_word_suffix": None, "fuse_unk": False,
                  "byte_fallback": False, "vocab": vocab, "merges": ["%s %s" % m for m in merges]},
    }


class TextEncoder(nn.Module):
    """Token + position embeddings, one masked self-attention block, an MLP: [b, t] -> [b, t, 16]."""

    def __init__(self, vocab_size):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, DIM)
        self.positions = nn.Embedding(77, DIM)
        self.qkv = nn.Linear(DIM, 3 * DIM)
        self.norm = nn.LayerNorm(DIM)
        self.mlp = nn.Sequential(nn.Linear(DIM, 32), nn.GELU(), nn.Linear(32, DIM))

    def forward(self, input_ids, attention_mask):
        t = input_ids.shape[1]
        x = self.tokens(input_ids) + self.positions(torch.arange(t).unsqueeze(0))
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(1, 2) / 4.0
        scores = scores + (1.0 - attention_mask.unsqueeze(1).float()) * -1e4
        x = x + F.softmax(scores, dim=-1) @ v
        return x + self.mlp(self.norm(x))


class ImageEncoder(nn.Module):
    """Two strided convolutions: [b, 3, 32, 32] -> feature map [b, 16, 7, 7]."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2)
        self.conv2 = nn.Conv2d(8, DIM, 3, stride=2)

    def forward(self, pixel_values):
        return self.conv2(F.relu(self.conv1(pixel_values)))


def test_image(kind):
    """The images ClipModelTest draws with the same formulas: (mode, width, height, pixels)."""
    if kind == "wide":
        w, h = 40, 32
    elif kind == "large":
        w, h = 64, 48
    else:
        w, h = 50, 50
    ys, xs = np.mgrid[0:h, 0:w]
    if kind == "gray":
        return Image.fromarray(((xs * 5 + ys * 9) % 256).astype(np.uint8), "L")
    rgb = np.stack([(xs * 7 + ys * 3) % 256, (xs * xs + ys * 5) % 256, (xs * ys) % 256], axis=2)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def preprocess(image):
    """torchvision-style Resize(32) (shorter side, PIL bilinear) + CenterCrop(32) + CLIP mean/std."""
    image = image.convert("RGB")
    w, h = image.size
    if w <= h:
        size = (32, int(32 * h / w))
    else:
        size = (int(32 * w / h), 32)
    if size != (w, h):
        image = image.resize(size, Image.BILINEAR)
    w, h = image.size
    left, top = int(round((w - 32) / 2.0)), int(round((h - 32) / 2.0))
    image = image.crop((left, top, left + 32, top + 32))
    x = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1)
    return ((x - torch.tensor(CLIP_MEAN)[:, None, None]) / torch.tensor(CLIP_STD)[:, None, None])


def main():
    torch.manual_seed(11)
    os.makedirs(OUT, exist_ok=True)
    vocab, merges = build_tokenizer()
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(vocab, merges), f)

    text = TextEncoder(len(vocab)).eval()
    image = ImageEncoder().eval()
    ids = torch.ones(1, 5, dtype=torch.long)
    torch.onnx.export(text, (ids, torch.ones_like(ids)), os.path.join(OUT, "text.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                    "attention_mask": {0: "batch", 1: "tokens"},
                                    "last_hidden_state": {0: "batch", 1: "tokens"}},
                      opset_version=13)
    torch.onnx.export(image, torch.zeros(1, 3, 32, 32), os.path.join(OUT, "image.onnx"),
                      input_names=["pixel_values"], output_names=["feature_map"],
                      dynamic_axes={"pixel_values": {0: "batch"}, "feature_map": {0: "batch"}},
                      opset_version=13)

    reference = {"texts": [], "images": []}
    with torch.no_grad():
        for t in TEXTS:  # one text at a time: no padding, so Java's padded batches must match
            token_ids = bpe_ids(t, vocab, merges)
            ids = torch.tensor([token_ids])
            hidden = text(ids, torch.ones_like(ids))[0]
            vector = F.normalize(hidden[-1], dim=0)  # EOS pooling: the last token, </s>
            reference["texts"].append({"text": t, "ids": token_ids,
                                       "vector": [round(float(v), 7) for v in vector]})
        for kind in ["wide", "large", "gray"]:
            fmap = image(preprocess(test_image(kind)).unsqueeze(0))[0]
            vector = F.normalize(fmap.mean(dim=(1, 2)), dim=0)  # mean pooling over the 7x7 map
            reference["images"].append({"image": kind,
                                        "vector": [round(float(v), 7) for v in vector]})
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
    for name in sorted(os.listdir(OUT)):
        print("%s: %d bytes" % (os.path.join(os.path.relpath(OUT, REPO), name),
                                os.path.getsize(os.path.join(OUT, name))))


if __name__ == "__main__":
    main()
