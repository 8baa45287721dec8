"""Synthesises the spoken-words data set with espeak-ng and sox (Debian packages; no downloads).

Every utterance is one English word said by one voice: an espeak-ng accent (en-gb, en-us,
en-gb-scotland, ...) with a voice variant (m1, f3, klatt2, Alex, ...), at a speed (words per minute)
and pitch (0-99), converted by sox to 16 kHz 16-bit mono. Voice variants are split: TRAIN_VARIANTS
are used for training only, TEST_VOICES (variants never heard in training) for evaluation only.

    /usr/bin/python3 make_data.py OUT_DIR            # train/ and test/ folders of WAVs + index.tsv

Deterministic: a fixed seed picks accent, variant, speed and pitch for every training utterance.
"""

import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

WORDS = """
apple banana orange lemon cherry grape melon peach carrot potato tomato onion garlic pepper bread
butter cheese coffee water sugar salt honey river mountain ocean forest desert island valley
garden flower tree grass stone cloud rain snow storm thunder window door table chair kitchen
bedroom pillow blanket mirror candle lamp clock phone camera laptop keyboard pencil paper book
letter music guitar piano violin trumpet drum singer dancer doctor teacher farmer pilot driver
soldier lawyer nurse baker hunter king queen prince castle bridge tower street village city
country planet rocket engine wheel bicycle train airplane boat truck horse tiger lion monkey
rabbit turtle dolphin whale eagle spider snake zebra giraffe elephant kitten puppy chicken
morning evening midnight summer winter autumn spring monday friday yesterday tomorrow number
zero one two three four five six seven eight nine ten hundred thousand million red green blue
yellow purple silver golden black white happy angry quiet simple gentle brave lucky clever
strong heavy empty always never maybe nothing something everyone question answer problem
system travel holiday ticket market money pocket jacket sweater button zipper basket bottle
hammer ladder shovel bucket rubber plastic metal wooden cotton marble crystal diamond
""".split()

ACCENTS = ["en-gb", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd",
           "en-029", "en-us-nyc"]

TRAIN_VARIANTS = ["m1", "m2", "m4", "m5", "m6", "m8", "f1", "f3", "f4", "f5", "klatt", "klatt2",
                  "klatt3", "klatt5", "klatt6", "Alex", "Andy", "Annie", "adam", "anika", "aunty",
                  "belinda", "benjamin", "david", "ed", "edward", "john", "linda", "max", "michel",
                  "norbert", "paul", "grandpa", "iven"]

# Held-out voices: variants that never occur in training, each with its own accent, speed, pitch.
TEST_VOICES = [
    ("en-us", "m3", 150, 40),
    ("en-gb-scotland", "f2", 170, 60),
    ("en-gb-x-rp", "klatt4", 160, 50),
    ("en-029", "m7", 180, 45),
    ("en-us-nyc", "Mike", 165, 55),
    ("en-gb", "Andrea", 155, 65),
]

TRAIN_PER_WORD = 40
SEED = 7


def synth(text, voice, speed, pitch, out):
    espeak = subprocess.run(["espeak-ng", "--stdout", "-v", voice, "-s", str(speed), "-p", str(pitch),
                             text], check=True, capture_output=True)
    subprocess.run(["sox", "-t", "wav", "-", "-r", "16000", "-b", "16", "-c", "1", out],
                   input=espeak.stdout, check=True, capture_output=True)


def voice_name(accent, variant):
    return accent + "+" + variant


def jobs():
    rng = random.Random(SEED)
    out = []
    for w in WORDS:
        for i in range(TRAIN_PER_WORD):
            accent = rng.choice(ACCENTS)
            variant = rng.choice(TRAIN_VARIANTS)
            speed = rng.randint(120, 230)
            pitch = rng.randint(20, 80)
            out.append(("train", w, voice_name(accent, variant), speed, pitch, i))
    for w in WORDS:
        for i, (accent, variant, speed, pitch) in enumerate(TEST_VOICES):
            out.append(("test", w, voice_name(accent, variant), speed, pitch, i))
    return out


def main():
    root = sys.argv[1]
    for split in ("train", "test"):
        os.makedirs(os.path.join(root, split), exist_ok=True)
    all_jobs = jobs()

    def run(job):
        split, word, voice, speed, pitch, i = job
        name = "%s_%02d.wav" % (word, i)
        path = os.path.join(root, split, name)
        if not os.path.exists(path):
            synth(word, voice, speed, pitch, path + ".tmp.wav")
            os.replace(path + ".tmp.wav", path)
        return "\t".join([split, name, word, voice, str(speed), str(pitch)])

    with ThreadPoolExecutor(max_workers=2) as pool:
        rows = list(pool.map(run, all_jobs))
    with open(os.path.join(root, "index.tsv"), "w") as f:
        f.write("split\tfile\tword\tvoice\tspeed\tpitch\n")
        f.write("\n".join(rows) + "\n")
    print("%d words, %d utterances in %s" % (len(WORDS), len(rows), root))


if __name__ == "__main__":
    main()
