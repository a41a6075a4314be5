#!/usr/bin/python3
"""Times Electrum's Sphinx (electrum.lnonion, Debian python3-electrum) on the same shapes as
bench/Fulgur.Bench/Protocol/SphinxBenchmarks.cs, as the reference figure in the benchmark report.

Prints a markdown table: operation, median and p95 over repeated runs.
"""
import hashlib
import statistics
import time

from electrum import ecc, lnonion

PAYLOAD = bytes.fromhex("020408f0d18004030c350006080000010000010000")
SESSION_KEY = bytes.fromhex("41" * 32)
ASSOCIATED_DATA = hashlib.sha256(b"fulgur-bench").digest()


def node_key(i):
    return ecc.ECPrivkey(hashlib.sha256(i.to_bytes(4, "little")).digest())


def hops_data(n):
    result = []
    for _ in range(n):
        single = lnonion.OnionHopsDataSingle(is_tlv_payload=True)
        single._raw_bytes_payload = PAYLOAD
        result.append(single)
    return result


def build(keys, n):
    return lnonion.new_onion_packet([k.get_public_key_bytes() for k in keys[:n]], SESSION_KEY, hops_data(n),
                                    associated_data=ASSOCIATED_DATA)


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    keys = [node_key(i) for i in range(1, 21)]
    packet = build(keys, 5)
    rows = [
        ("Electrum Sphinx build, 5 hops", timed(lambda: build(keys, 5), 200)),
        ("Electrum Sphinx build, 20 hops", timed(lambda: build(keys, 20), 50)),
        ("Electrum Sphinx peel, one hop",
         timed(lambda: lnonion.process_onion_packet(packet, ASSOCIATED_DATA, keys[0].get_secret_bytes()), 500)),
    ]
    print("| Method | Median | P95 |")
    print("|---|---:|---:|")
    for name, (median, p95) in rows:
        print(f"| {name} | {median:,.1f} μs | {p95:,.1f} μs |")


if __name__ == "__main__":
    main()
