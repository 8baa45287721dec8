"""Audio features in plain numpy, written to match quiver-embed's Java code step by step.

This file is the reference that quiver-embed's MfccReferenceTest compares the Java implementation
against (quiver-embed/src/test/python/mfcc_reference.py writes the expected values), and the feature
code the spoken-words model is trained on, so the model sees in training exactly what Quiver feeds
it at run time.

Pipeline (dev.quiver.embed.audio.MfccExtractor):
  pre-emphasis y[0] = x[0], y[n] = x[n] - a x[n-1]
  frames of frame_length samples every hop samples, no centering; a signal shorter than one frame
    gives one zero-padded frame; the tail that does not fill a frame is dropped
  periodic Hann or Hamming window, zero-padded to n_fft, real FFT, power |X|^2
  triangular mel filterbank (HTK or Slaney mel scale, fmin..fmax, optional Slaney area norm)
  natural log with a floor: ln(max(E, floor))
  orthonormal DCT-II, first n_mfcc coefficients, optional sinusoidal liftering
"""

import math

import numpy as np


class Config:
    """Same fields and defaults as dev.quiver.embed.audio.MfccConfig.defaults()."""

    def __init__(self, sample_rate=16000, frame_length=400, hop_length=160, n_fft=512,
                 window="hann", pre_emphasis=0.97, n_mels=40, f_min=20.0, f_max=7600.0,
                 mel_scale="htk", slaney_norm=False, log_floor=1e-10, n_mfcc=20, lifter=22):
        self.sample_rate = sample_rate
        self.frame_length = frame_length
        self.hop_length = hop_length
        self.n_fft = n_fft
        self.window = window
        self.pre_emphasis = pre_emphasis
        self.n_mels = n_mels
        self.f_min = f_min
        self.f_max = f_max
        self.mel_scale = mel_scale
        self.slaney_norm = slaney_norm
        self.log_floor = log_floor
        self.n_mfcc = n_mfcc
        self.lifter = lifter


def hz_to_mel(f, scale):
    f = np.asarray(f, dtype=np.float64)
    if scale == "htk":
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep,
                    f / f_sp)


def mel_to_hz(m, scale):
    m = np.asarray(m, dtype=np.float64)
    if scale == "htk":
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filterbank(cfg):
    """[n_mels, n_fft // 2 + 1] triangular weights over the FFT bin frequencies k * sr / n_fft."""
    bins = cfg.n_fft // 2 + 1
    fft_freqs = np.arange(bins, dtype=np.float64) * cfg.sample_rate / cfg.n_fft
    mels = np.linspace(hz_to_mel(cfg.f_min, cfg.mel_scale), hz_to_mel(cfg.f_max, cfg.mel_scale),
                       cfg.n_mels + 2)
    hz = mel_to_hz(mels, cfg.mel_scale)
    weights = np.zeros((cfg.n_mels, bins))
    for i in range(cfg.n_mels):
        lo, mid, hi = hz[i], hz[i + 1], hz[i + 2]
        lower = (fft_freqs - lo) / (mid - lo)
        upper = (hi - fft_freqs) / (hi - mid)
        weights[i] = np.maximum(0.0, np.minimum(lower, upper))
        if cfg.slaney_norm:
            weights[i] *= 2.0 / (hi - lo)
    return weights


def window(cfg):
    n = np.arange(cfg.frame_length, dtype=np.float64)
    phase = 2.0 * math.pi * n / cfg.frame_length
    if cfg.window == "hann":
        return 0.5 - 0.5 * np.cos(phase)
    if cfg.window == "hamming":
        return 0.54 - 0.46 * np.cos(phase)
    raise ValueError(cfg.window)


def frames(signal, cfg):
    x = np.asarray(signal, dtype=np.float64)
    if cfg.pre_emphasis > 0 and len(x) > 0:
        x = np.concatenate([x[:1], x[1:] - cfg.pre_emphasis * x[:-1]])
    if len(x) < cfg.frame_length:
        x = np.concatenate([x, np.zeros(cfg.frame_length - len(x))])
    count = 1 + (len(x) - cfg.frame_length) // cfg.hop_length
    idx = np.arange(cfg.frame_length)[None, :] + cfg.hop_length * np.arange(count)[:, None]
    return x[idx]


def power_spectrum(signal, cfg):
    f = frames(signal, cfg) * window(cfg)[None, :]
    spec = np.fft.rfft(f, n=cfg.n_fft, axis=1)
    return spec.real ** 2 + spec.imag ** 2


def mel_power(signal, cfg):
    """[frames, n_mels] mel-band energies (before the log)."""
    return power_spectrum(signal, cfg) @ mel_filterbank(cfg).T


def log_mel(signal, cfg):
    return np.log(np.maximum(mel_power(signal, cfg), cfg.log_floor))


def dct_matrix(n_in, n_out):
    k = np.arange(n_out)[:, None]
    n = np.arange(n_in)[None, :]
    m = np.cos(math.pi * k * (2 * n + 1) / (2.0 * n_in))
    m[0] *= math.sqrt(1.0 / n_in)
    m[1:] *= math.sqrt(2.0 / n_in)
    return m


def mfcc_from_log_mel(lm, cfg):
    c = lm @ dct_matrix(cfg.n_mels, cfg.n_mfcc).T
    if cfg.lifter > 0:
        k = np.arange(cfg.n_mfcc)
        c = c * (1.0 + (cfg.lifter / 2.0) * np.sin(math.pi * k / cfg.lifter))[None, :]
    return c


def mfcc(signal, cfg):
    return mfcc_from_log_mel(log_mel(signal, cfg), cfg)


def deltas(c, width=2):
    """Regression deltas over +-width frames, edges repeated (dev.quiver.embed.audio.MfccExtractor.deltas)."""
    t = c.shape[0]
    padded = np.concatenate([np.repeat(c[:1], width, 0), c, np.repeat(c[-1:], width, 0)])
    denom = 2.0 * sum(n * n for n in range(1, width + 1))
    out = np.zeros_like(c)
    for n in range(1, width + 1):
        out += n * (padded[width + n:width + n + t] - padded[width - n:width - n + t])
    return out / denom


def speech_bounds(mp, top_db=40.0):
    """First and last (exclusive) frame whose mel energy is within top_db of the loudest frame."""
    energy = mp.sum(axis=1)
    ref = energy.max() if len(energy) else 0.0
    if ref <= 0:
        return 0, len(energy)
    keep = np.nonzero(energy >= ref * 10.0 ** (-top_db / 10.0))[0]
    return int(keep[0]), int(keep[-1]) + 1


def trimmed_log_mel(signal, cfg, top_db=40.0, max_frames=200):
    """The spoken-words model's input: log-mel frames of the speech, centre-cropped to max_frames."""
    mp = mel_power(signal, cfg)
    lo, hi = speech_bounds(mp, top_db)
    mp = mp[lo:hi]
    if len(mp) > max_frames:
        start = (len(mp) - max_frames) // 2
        mp = mp[start:start + max_frames]
    return np.log(np.maximum(mp, cfg.log_floor))


def pooled_mfcc(signal, cfg, top_db=40.0):
    """quiver-mfcc's raw vector (before standardising): mean and std of trimmed MFCCs and deltas."""
    mp = mel_power(signal, cfg)
    lo, hi = speech_bounds(mp, top_db)
    lm = np.log(np.maximum(mp[lo:hi], cfg.log_floor))
    c = mfcc_from_log_mel(lm, cfg)
    d = deltas(c)
    return np.concatenate([c.mean(0), c.std(0), d.mean(0), d.std(0)])


def read_wav_16bit_mono(path):
    """A 16-bit PCM mono WAV (as sox writes them here) as floats in [-1, 1) and its rate."""
    import wave
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0, rate
