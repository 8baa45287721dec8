"""Copies a compact held-out test set into quiver-embed's test resources, for SpokenWordsTest.

    /usr/bin/python3 export_test_set.py DATA_DIR TRAIN_OUT_DIR    (after make_data.py and train.py)

30 words (garden, seven, elephant and every 7th word of the list) by the first four held-out voices
(variants never used in training), 120 WAVs, 16 kHz 16-bit mono, cut to the sound: frames within
40 dB of the loudest plus 5 frames each side, cut on frame boundaries (multiples of the 160-sample
hop) so the frames Quiver computes are exactly those the model was evaluated on. heldout.json lists
word and voice per file and the PyTorch embeddings (reference.json from train.py) of the files
Quiver must reproduce through ONNX Runtime.
"""

import json
import os
import sys
import wave

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402
import make_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "quiver-embed", "src", "test", "resources", "dev", "quiver",
                   "embed", "audio", "heldout")
VOICES = 4
MARGIN_FRAMES = 5


def words():
    chosen = ["garden", "seven", "elephant"]
    for w in make_data.WORDS[::7]:
        if w not in chosen and len(chosen) < 30:
            chosen.append(w)
    return chosen


def main():
    data, trained = sys.argv[1], sys.argv[2]
    cfg = features.Config()
    os.makedirs(OUT, exist_ok=True)
    rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(data, "index.tsv"))][1:]
    ref = {r["file"]: r["embedding"] for r in json.load(open(os.path.join(trained, "reference.json")))["items"]}
    chosen = set(words())
    items = []
    total = 0
    for split, name, word, voice, speed, pitch in rows:
        if split != "test" or word not in chosen or int(name[-6:-4]) >= VOICES:
            continue
        x, rate = features.read_wav_16bit_mono(os.path.join(data, split, name))
        lo, hi = features.speech_bounds(features.mel_power(x, cfg), 40.0)
        start = max(0, lo - MARGIN_FRAMES) * cfg.hop_length
        end = min(len(x), (hi - 1 + MARGIN_FRAMES) * cfg.hop_length + cfg.frame_length)
        pcm = np.round(x[start:end] * 32768).astype("<i2")
        with wave.open(os.path.join(OUT, name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(pcm.tobytes())
        total += os.path.getsize(os.path.join(OUT, name))
        item = {"file": name, "word": word, "voice": voice}
        if name in ref:
            item["torch_embedding"] = ref[name]
        items.append(item)
    with open(os.path.join(OUT, "heldout.json"), "w") as f:
        json.dump({"description": "held-out voices of models/spoken-words (export_test_set.py)",
                   "items": items}, f, indent=1)
    print("%d files, %d bytes" % (len(items), total))


if __name__ == "__main__":
    main()
