"""Writes the audio test resources that MfccReferenceTest compares the Java features against.

    /usr/bin/python3 quiver-embed/src/test/python/mfcc_reference.py      (from the repository root;
                                                                          needs sox, espeak-ng, numpy)

Makes four short 16 kHz 16-bit mono WAVs with sox and espeak-ng (a 440 Hz tone, a 100-6000 Hz
chirp, pink noise, the word "seven") in quiver-embed/src/test/resources/dev/quiver/embed/audio/
and, with the plain numpy code of models/spoken-words/features.py, their log-mel frames, MFCCs,
speech bounds and pooled MFCC vector under two configurations (the defaults, and a Slaney /
Hamming / area-normalised / no-pre-emphasis / no-lifter one), into mfcc-reference.json.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "spoken-words"))
import features  # noqa: E402

OUT = os.path.join(ROOT, "quiver-embed", "src", "test", "resources", "dev", "quiver", "embed", "audio")

SOUNDS = {
    "tone440.wav": ["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", "{out}", "synth", "0.3", "sine",
                    "440", "vol", "0.5"],
    "chirp.wav": ["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", "{out}", "synth", "0.3", "sine",
                  "100-6000", "vol", "0.5"],
    "pinknoise.wav": ["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", "{out}", "synth", "0.25",
                      "pinknoise", "vol", "0.3"],
}

CONFIGS = {
    "default": features.Config(),
    "slaney": features.Config(frame_length=512, hop_length=256, n_fft=1024, window="hamming",
                              pre_emphasis=0.0, n_mels=64, f_min=0.0, f_max=8000.0,
                              mel_scale="slaney", slaney_norm=True, log_floor=1e-8, n_mfcc=13,
                              lifter=0),
}


def rounded(a):
    return [[float("%.9g" % v) for v in row] for row in a]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cmd in SOUNDS.items():
        path = os.path.join(OUT, name)
        if not os.path.exists(path):
            subprocess.run([c.replace("{out}", path) for c in cmd], check=True)
    word = os.path.join(OUT, "seven.wav")
    if not os.path.exists(word):
        wav = subprocess.run(["espeak-ng", "--stdout", "-v", "en-us", "seven"], check=True,
                             capture_output=True).stdout
        subprocess.run(["sox", "-t", "wav", "-", "-r", "16000", "-b", "16", "-c", "1", word],
                       input=wav, check=True)
    result = {"description": "expected features of the WAVs beside this file, from "
              "quiver-embed/src/test/python/mfcc_reference.py (numpy, float64)", "configs": {}}
    for cname, cfg in CONFIGS.items():
        result["configs"][cname] = {"settings": dict(cfg.__dict__), "files": {}}
        for name in sorted(list(SOUNDS) + ["seven.wav"]):
            x, rate = features.read_wav_16bit_mono(os.path.join(OUT, name))
            assert rate == 16000
            mp = features.mel_power(x, cfg)
            lo, hi = features.speech_bounds(mp, 40.0)
            result["configs"][cname]["files"][name] = {
                "samples": len(x),
                "log_mel": rounded(features.log_mel(x, cfg)),
                "mfcc": rounded(features.mfcc(x, cfg)),
                "speech_bounds": [lo, hi],
                "pooled_mfcc": [float("%.9g" % v) for v in features.pooled_mfcc(x, cfg, 40.0)],
            }
    with open(os.path.join(OUT, "mfcc-reference.json"), "w") as f:
        json.dump(result, f)
    print("wrote", os.path.join(OUT, "mfcc-reference.json"))


if __name__ == "__main__":
    main()
