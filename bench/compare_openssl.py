#!/usr/bin/env python3
"""The secure channel's AES-256-GCM throughput beside `openssl speed -evp aes-256-gcm` on the same
machine. Runs, in alternation for several rounds, the channel benchmark (1 MiB messages) and
`openssl speed` encrypting and decrypting 16 KiB blocks and 1 MiB blocks, then prints the median of
each figure and the channel's ratio to OpenSSL's 16 KiB figure (the target is at least 0.70) and to
its 1 MiB figure. All figures are 10^9 bytes per second of CPU time (openssl speed counts user
time by default; the channel benchmark counts its thread's CPU time).

    /usr/bin/python3 bench/compare_openssl.py --bench build/bench/fedsec_channel_bench --rounds 5
"""
import argparse
import re
import statistics
import subprocess


def openssl_gbps(block_bytes, decrypt, seconds):
    """GB/s for one block size from `openssl speed` (whose figures are 1000s of bytes per second)."""
    cmd = ["openssl", "speed", "-evp", "aes-256-gcm", "-seconds", str(seconds), "-bytes", str(block_bytes)]
    if decrypt:
        cmd.append("-decrypt")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    row = re.search(r"^AES-256-GCM\s+([\d.]+)k\s*$", out, re.MULTILINE)
    if not row:
        raise SystemExit("unexpected openssl speed output:\n" + out)
    return float(row.group(1)) * 1e3 / 1e9


def channel_gbps(bench, repetitions):
    out = subprocess.run([bench, str(repetitions)], check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines()) if k.endswith("_gbps")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", default="build/bench/fedsec_channel_bench")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=1, help="per openssl speed measurement")
    args = parser.parse_args()

    samples = {}
    for _ in range(args.rounds):
        for block in (16384, 1 << 20):
            for decrypt in (False, True):
                key = f"openssl_{'open' if decrypt else 'seal'}_{block}"
                samples.setdefault(key, []).append(openssl_gbps(block, decrypt, args.seconds))
        for key, value in channel_gbps(args.bench, 3).items():
            samples.setdefault(key, []).append(value)
    m = {key: statistics.median(values) for key, values in samples.items()}

    print(f"medians of {args.rounds} rounds, GB/s of CPU time, 1 MiB messages")
    print("| operation | channel | bare AEAD calls | openssl 16 KiB | channel / openssl 16 KiB "
          "| openssl 1 MiB | channel / openssl 1 MiB |")
    print("|---|---|---|---|---|---|---|")
    for op, name in (("seal", "seal (encrypt)"), ("open", "open (decrypt)")):
        channel = m[f"channel_{op}_gbps"]
        small = m[f"openssl_{op}_16384"]
        large = m[f"openssl_{op}_{1 << 20}"]
        print(f"| {name} | {channel:.3f} | {m[f'aead_{op}_gbps']:.3f} | {small:.3f} | {channel / small:.2f} "
              f"| {large:.3f} | {channel / large:.2f} |")


if __name__ == "__main__":
    main()
