#!/usr/bin/python3
"""Times Electrum's path finding (electrum.lnrouter.LNPathFinder, Debian python3-electrum) on the mainnet graph that
bench/Fulgur.Bench/Routing/RoutingBenchmarks.cs routes over, as the reference figure in the benchmark report.

The graph is shared/data/mainnet-graph-2026-02-03.csv.gz (FULGUR_SHARED when set, else ../shared beside the
repository root; format in the .md beside it). It is loaded into Electrum's own ChannelInfo / Policy objects held
in a ChannelDB whose SQL/network side is never started: the object is made with ChannelDB.__new__ and given only the
in-memory maps (_channels, _policies, _channels_for_node, _nodes) that ChannelDB's own get_channel_info,
get_policy_for_node, get_channels_for_node and get_node_info_for_node_id read, so those accessors run unchanged.
A disabled direction becomes a Policy with the disable bit set (as a disabling channel_update would), which
Electrum's _edge_cost skips.

Pairs are drawn as RoutingBenchmarks draws them: a seeded generator (same seed, but Python's generator, so not the
same pairs), source and destination uniform over all nodes, amount uniform in [1,000, 100,000,000) msat
(1 sat .. 100k sat), kept when source != destination and a route is found. Before Electrum is asked, a candidate is
dropped when the destination cannot be reached from the source at all over enabled directions (plain BFS, not
timed, amounts ignored); the rest are timed, and those Electrum still finds no route for (amount limits, its fee
sanity rule) are counted and timed separately. Each LNPathFinder.find_route call (Dijkstra in
get_shortest_path_hops plus create_route_from_path, i.e. a full route with fees and delays, like getroute) is timed
alone with time.perf_counter, after one untimed warm-up call. The liquidity hints start empty and stay empty: no
payment outcome is ever reported to the path finder.

Prints a markdown table (operation, median, p99 nearest-rank, count) and a line saying what was timed and how long
the graph took to load in Python. Prints a one-line note and exits 0 when the graph file is absent.
"""
import csv
import gzip
import math
import os
import random
import sys
import threading
import time
from collections import defaultdict, deque

from electrum import version
from electrum.channel_db import ChannelDB, ChannelInfo, Policy, FLAG_DISABLE
from electrum.lnrouter import LNPathFinder
from electrum.lnutil import ShortChannelID

RELATIVE = os.path.join("data", "mainnet-graph-2026-02-03.csv.gz")
SEED = 20260203          # RoutingBenchmarks' seed (Python's Mersenne Twister, so other pairs than .NET's Random)
PAIRS = 300              # RoutingBenchmarks uses 1,000; Electrum's pure-Python Dijkstra needs this to stay ~1 min
MIN_AMOUNT_MSAT = 1_000
MAX_AMOUNT_MSAT = 100_000_000  # exclusive, as Random.NextInt64(1_000, 100_000_000)


def graph_path():
    shared = os.environ.get("FULGUR_SHARED")
    if not shared:
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        shared = os.path.join(repo, "..", "shared")
    return os.path.normpath(os.path.join(shared, RELATIVE))


def load(path):
    """ChannelDB with only its in-memory graph maps, filled with Electrum's ChannelInfo and Policy objects."""
    db = ChannelDB.__new__(ChannelDB)
    db._channels = {}
    db._policies = {}
    db._channels_for_node = defaultdict(set)
    db._nodes = {}
    db._channel_updates_for_private_channels = {}
    db.data_loaded = threading.Event()
    nodes = {}
    with gzip.open(path, "rt", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header[:5] == ["scid", "source", "destination", "capacity_sat", "disabled"], header
        for scid, source, destination, capacity, disabled, htlc_min, htlc_max, base, ppm, cltv in reader:
            scid_bytes = ShortChannelID.from_str(scid)
            src = nodes.get(source) or nodes.setdefault(source, bytes.fromhex(source))
            dst = nodes.get(destination) or nodes.setdefault(destination, bytes.fromhex(destination))
            direction = 0 if src < dst else 1
            if scid_bytes not in db._channels:
                node1, node2 = (src, dst) if direction == 0 else (dst, src)
                db._channels[scid_bytes] = ChannelInfo(short_channel_id=scid_bytes, node1_id=node1, node2_id=node2,
                                                       capacity_sat=int(capacity))
                db._channels_for_node[node1].add(scid_bytes)
                db._channels_for_node[node2].add(scid_bytes)
            db._policies[(src, scid_bytes)] = Policy(
                key=scid_bytes + src,
                cltv_expiry_delta=int(cltv),
                htlc_minimum_msat=int(htlc_min),
                htlc_maximum_msat=int(htlc_max),
                fee_base_msat=int(base),
                fee_proportional_millionths=int(ppm),
                channel_flags=direction | (FLAG_DISABLE if disabled == "1" else 0),
                message_flags=1,  # option_channel_htlc_max
                timestamp=0)
    db.data_loaded.set()
    return db, sorted(nodes.values())


def enabled_out_edges(db):
    out = defaultdict(list)
    for (src, scid), policy in db._policies.items():
        if not policy.is_disabled():
            info = db._channels[scid]
            out[src].append(info.node2_id if info.node1_id == src else info.node1_id)
    return out


def reachable(out, source, destination):
    if not out.get(source):
        return False
    seen = {source}
    todo = deque([source])
    while todo:
        for nxt in out[todo.popleft()]:
            if nxt == destination:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def nearest_rank(sorted_samples, q):
    return sorted_samples[math.ceil(q * len(sorted_samples)) - 1]


def main():
    path = graph_path()
    if not os.path.isfile(path):
        print(f"(Electrum pathfinding reference skipped: the mainnet graph {path} is absent; set FULGUR_SHARED)")
        return 0
    start = time.perf_counter()
    db, nodes = load(path)
    load_seconds = time.perf_counter() - start

    finder = LNPathFinder(db)
    out = enabled_out_edges(db)
    has_in = {n for targets in out.values() for n in targets}
    rng = random.Random(SEED)
    found_ms, none_ms, candidates, unreachable = [], [], 0, 0
    warmed = False
    while len(found_ms) < PAIRS:
        source = nodes[rng.randrange(len(nodes))]
        destination = nodes[rng.randrange(len(nodes))]
        amount = rng.randrange(MIN_AMOUNT_MSAT, MAX_AMOUNT_MSAT)
        candidates += 1
        if source == destination or destination not in has_in or not reachable(out, source, destination):
            unreachable += 1
            continue
        if not warmed:
            finder.find_route(nodeA=source, nodeB=destination, invoice_amount_msat=amount)
            warmed = True
        t0 = time.perf_counter()
        route = finder.find_route(nodeA=source, nodeB=destination, invoice_amount_msat=amount)
        elapsed = (time.perf_counter() - t0) * 1e3
        (found_ms if route else none_ms).append(elapsed)

    rows = [("Electrum find_route, route found", sorted(found_ms))]
    if none_ms:
        rows.append(("Electrum find_route, no route (skipped)", sorted(none_ms)))
    print("| Method | Median | P99 | Count |")
    print("|---|---:|---:|---:|")
    for name, samples in rows:
        print(f"| {name} | {nearest_rank(samples, 0.50):,.3f} ms | {nearest_rank(samples, 0.99):,.3f} ms "
              f"| {len(samples):,} |")
    print()
    print(f"Timed: one `LNPathFinder.find_route` call per pair (Electrum {version.ELECTRUM_VERSION}, Python "
          f"{sys.version.split()[0]}; reverse Dijkstra in `get_shortest_path_hops` + `create_route_from_path`, "
          f"empty liquidity hints), over {len(found_ms) + len(none_ms):,} seeded random pairs reachable over enabled "
          f"directions, amounts 1 sat..100k sat; {len(none_ms):,} of them got no route from Electrum and are left "
          f"out of the first row ({candidates:,} pairs drawn, {unreachable:,} unreachable ones dropped untimed). "
          f"Median and p99 are nearest-rank. Graph load in Python (gzip CSV into Electrum's ChannelInfo/Policy "
          f"maps, {len(db._channels):,} channels, {len(nodes):,} nodes): {load_seconds:,.2f} s, once, untimed "
          f"above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
