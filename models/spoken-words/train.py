"""Trains quiver-spoken-words, the small CRNN audio encoder that ships with Quiver, and the
standardising statistics of quiver-mfcc; evaluates both on held-out voices; exports ONNX.

    /usr/bin/python3 make_data.py /tmp/spoken-words          # ~1 min, ~9000 WAVs
    /usr/bin/python3 train.py /tmp/spoken-words OUT_DIR      # ~10 min on 2 cores

OUT_DIR receives quiver-spoken-words.onnx, quiver-mfcc-stats.json, reference.json (Java test
vectors) and metrics.json. Features come from features.py, the numpy code quiver-embed's
MfccReferenceTest proves equal to the Java MfccExtractor, so the model sees in training what it
sees in Quiver.

Model input: log-mel frames (MfccConfig defaults: 16 kHz, 25 ms Hann / 10 ms hop, 512 FFT, 40 HTK
bands 20-7600 Hz, ln with floor 1e-10) of the speech (frames within 40 dB of the loudest, at most
200 = 2 s, centre crop), as "features" [batch, frames, 40] with "mask" [batch, frames] (1 for real
frames, 0 for padding). Output "embedding" [batch, 128], unit length. Padding never changes a real
item's vector: every layer re-applies the mask, the GRU runs forward only, pooling is masked.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402

SEED = 11
EPOCHS = 5
BATCH = 64
DIM = 128
MAX_FRAMES = 200
TOP_DB = 40.0
AUGMENTED_COPIES = 2
CFG = features.Config()


class Crnn(nn.Module):
    def __init__(self, n_mels=40, dim=DIM):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, stride=(2, 2), padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(32)
        bands = ((n_mels + 1) // 2) // 2  # stride 2, then pool 2 over frequency
        self.proj_in = nn.Linear(32 * bands, 128)
        self.gru = nn.GRU(128, 128, batch_first=True)
        self.out = nn.Linear(256, dim)

    def forward(self, features, mask):
        # features [B, T, M], mask [B, T]
        m = mask.unsqueeze(-1)
        count = m.sum(dim=1, keepdim=True).clamp(min=1.0)
        x = (features - (features * m).sum(dim=1, keepdim=True) / count) * m  # per-utterance CMN
        x = x.unsqueeze(1) * 0.25                                           # [B, 1, T, M]
        m2 = mask[:, ::2]                                                   # frames after stride 2
        mm = m2.unsqueeze(1).unsqueeze(-1)                                  # [B, 1, T2, 1]
        x = F.relu(self.bn1(self.conv1(x))) * mm
        x = F.relu(self.bn2(self.conv2(x))) * mm
        x = F.max_pool2d(x, kernel_size=(1, 2))
        x = F.relu(self.bn3(self.conv3(x))) * mm
        b, c, t, f = x.shape
        x = x.permute(0, 2, 1, 3).reshape(b, t, c * f)
        x = F.relu(self.proj_in(x))
        h, _ = self.gru(x)                                                  # [B, T2, 128]
        mk = m2.unsqueeze(-1)
        mean = (h * mk).sum(dim=1) / mk.sum(dim=1).clamp(min=1.0)
        mx = (h * mk + (mk - 1.0) * 1e4).max(dim=1).values
        e = self.out(torch.cat([mean, mx], dim=1))
        return e / e.norm(dim=1, keepdim=True).clamp(min=1e-12)


class AmSoftmax(nn.Module):
    def __init__(self, dim, classes, scale=30.0, margin=0.2):
        super().__init__()
        self.w = nn.Parameter(torch.randn(classes, dim) * 0.01)
        self.scale = scale
        self.margin = margin

    def forward(self, emb, labels):
        logits = emb @ F.normalize(self.w, dim=1).T
        logits = logits - self.margin * F.one_hot(labels, logits.shape[1])
        return F.cross_entropy(self.scale * logits, labels)


def noise_bank(seconds=10):
    """White, pink and brown noise from sox (16 kHz mono floats)."""
    bank = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("whitenoise", "pinknoise", "brownnoise"):
            path = os.path.join(tmp, kind + ".wav")
            subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", path, "synth",
                            str(seconds), kind, "vol", "0.5"], check=True)
            bank.append(features.read_wav_16bit_mono(path)[0])
    return bank


def augment(x, rng, bank):
    """Noise from the sox bank at 5-30 dB SNR, gain -12..+6 dB, up to 0.2 s of leading silence."""
    noise = bank[rng.randrange(len(bank))]
    start = rng.randrange(len(noise) - len(x) - 1)
    n = noise[start:start + len(x)]
    snr = rng.uniform(5, 30)
    p_sig = np.mean(x ** 2) + 1e-12
    p_noise = np.mean(n ** 2) + 1e-12
    y = x + n * math.sqrt(p_sig / (p_noise * 10 ** (snr / 10)))
    y = y * 10 ** (rng.uniform(-12, 6) / 20)
    pad = rng.randrange(0, 3200)
    return np.concatenate([np.zeros(pad), y])


def load(root):
    rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(root, "index.tsv"))][1:]
    out = []
    for split, name, word, voice, speed, pitch in rows:
        x, rate = features.read_wav_16bit_mono(os.path.join(root, split, name))
        assert rate == 16000
        out.append(dict(split=split, file=name, word=word, voice=voice, audio=x))
    return out


def batchify(feats):
    t = max(len(f) for f in feats)
    x = np.zeros((len(feats), t, CFG.n_mels), dtype=np.float32)
    m = np.zeros((len(feats), t), dtype=np.float32)
    for i, f in enumerate(feats):
        x[i, :len(f)] = f
        m[i, :len(f)] = 1
    return torch.from_numpy(x), torch.from_numpy(m)


def embed(model, feats, batch=128):
    model.eval()
    out = []
    with torch.no_grad():
        order = sorted(range(len(feats)), key=lambda i: len(feats[i]))
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            x, m = batchify([feats[i] for i in idx])
            out.append((idx, model(x, m).numpy()))
    res = np.zeros((len(feats), DIM), dtype=np.float32)
    for idx, e in out:
        res[idx] = e
    return res


def precision_at_1(vectors, words, voices):
    """Query each utterance against all the others; a hit is the same word by another voice."""
    v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    top = sims.argmax(axis=1)
    hits = [words[top[i]] == words[i] and voices[top[i]] != voices[i] for i in range(len(words))]
    return float(np.mean(hits))


def main():
    root, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    rng = random.Random(SEED)
    torch.set_num_threads(2)
    t0 = time.time()
    data = load(root)
    train = [d for d in data if d["split"] == "train"]
    test = [d for d in data if d["split"] == "test"]
    words = sorted({d["word"] for d in train})
    label = {w: i for i, w in enumerate(words)}
    bank = noise_bank()

    def feat(x):
        return features.trimmed_log_mel(x, CFG, TOP_DB, MAX_FRAMES).astype(np.float32)

    copies = []  # copies[k][i]: features of train item i, copy 0 clean
    for k in range(1 + AUGMENTED_COPIES):
        copies.append([feat(d["audio"] if k == 0 else augment(d["audio"], rng, bank)) for d in train])
    test_feats = [feat(d["audio"]) for d in test]
    print("features: %.0f s" % (time.time() - t0), flush=True)

    # quiver-mfcc: standardising statistics over the clean training utterances
    pooled_train = np.stack([features.pooled_mfcc(d["audio"], CFG, TOP_DB) for d in train])
    mean = pooled_train.mean(0)
    std = pooled_train.std(0) + 1e-8
    pooled_test = np.stack([features.pooled_mfcc(d["audio"], CFG, TOP_DB) for d in test])
    test_words = [d["word"] for d in test]
    test_voices = [d["voice"] for d in test]
    mfcc_raw_p1 = precision_at_1(pooled_test, test_words, test_voices)
    mfcc_p1 = precision_at_1((pooled_test - mean) / std, test_words, test_voices)
    print("quiver-mfcc P@1 held-out: %.4f (unstandardised %.4f)" % (mfcc_p1, mfcc_raw_p1), flush=True)

    model = Crnn()
    head = AmSoftmax(DIM, len(words))
    params = list(model.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-4)
    steps = EPOCHS * math.ceil(len(train) / BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps, pct_start=0.15)
    labels = np.array([label[d["word"]] for d in train])
    history = []
    for epoch in range(EPOCHS):
        model.train()
        order = list(range(len(train)))
        rng.shuffle(order)
        pick = [rng.randrange(len(copies)) for _ in train]
        batches = []  # batches of similar length (less padding), in random order
        for g in range(0, len(order), BATCH * 8):
            group = sorted(order[g:g + BATCH * 8], key=lambda i: len(copies[pick[i]][i]))
            batches += [group[s:s + BATCH] for s in range(0, len(group), BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for idx in batches:
            x, m = batchify([copies[pick[i]][i] for i in idx])
            loss = head(model(x, m), torch.from_numpy(labels[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        p1 = precision_at_1(embed(model, test_feats), test_words, test_voices)
        history.append(dict(epoch=epoch + 1, loss=total / len(train), heldout_p1=p1))
        print("epoch %2d loss %.3f held-out P@1 %.4f (%.0f s)" % (epoch + 1, total / len(train), p1,
                                                                    time.time() - t0), flush=True)

    model.eval()
    test_vecs = embed(model, test_feats)
    learned_p1 = precision_at_1(test_vecs, test_words, test_voices)

    onnx_path = os.path.join(out_dir, "quiver-spoken-words.onnx")
    x, m = batchify(test_feats[:2])
    torch.onnx.export(model, (x, m), onnx_path, input_names=["features", "mask"],
                      output_names=["embedding"], opset_version=14,
                      dynamic_axes={"features": {0: "batch", 1: "frames"}, "mask": {0: "batch", 1: "frames"},
                                    "embedding": {0: "batch"}})
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))

    with open(os.path.join(out_dir, "quiver-mfcc-stats.json"), "w") as f:
        json.dump({"description": "per-dimension mean and std of quiver-mfcc's pooled vector over the "
                   "%d clean training utterances of models/spoken-words" % len(train),
                   "mean": [round(float(v), 6) for v in mean], "std": [round(float(v), 6) for v in std]},
                  f, indent=1)
    ref_idx = [i for i, d in enumerate(test) if d["word"] in ("garden", "seven", "elephant")][:6]
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump({"items": [{"file": test[i]["file"], "word": test[i]["word"], "voice": test[i]["voice"],
                              "embedding": [round(float(v), 6) for v in test_vecs[i]]} for i in ref_idx]},
                  f, indent=1)
    n_params = sum(p.numel() for p in model.parameters())
    metrics = {
        "words": len(words), "train_utterances": len(train), "test_utterances": len(test),
        "test_voices": sorted(set(test_voices)),
        "heldout_precision_at_1": {"quiver-spoken-words": learned_p1, "quiver-mfcc": mfcc_p1,
                                   "mfcc-unstandardised": mfcc_raw_p1},
        "parameters": n_params, "onnx_bytes": os.path.getsize(onnx_path), "epochs": history,
        "seconds": round(time.time() - t0),
    }
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    print(json.dumps({k: v for k, v in metrics.items() if k != "epochs"}, indent=1))


if __name__ == "__main__":
    main()
