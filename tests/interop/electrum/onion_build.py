#!/usr/bin/python3
"""Build Sphinx onions with Electrum (electrum.lnonion.new_onion_packet).

stdin:  a JSON list of cases {"session_key": hex, "associated_data": hex,
        "hops": [{"pubkey": hex, "payload": hex}]}; each payload is the bare TLV
        payload, without the BigSize length that hop_payloads puts in front.
stdout: a JSON list of {"onion": hex}, one per case, in order.
"""
import json
import sys

from electrum import lnonion


def build(case):
    hops_data = []
    for hop in case["hops"]:
        single = lnonion.OnionHopsDataSingle(is_tlv_payload=True)
        # Electrum's own hook for raw payload bytes: to_bytes() adds the BigSize length and the HMAC.
        single._raw_bytes_payload = bytes.fromhex(hop["payload"])
        hops_data.append(single)
    packet = lnonion.new_onion_packet(
        [bytes.fromhex(h["pubkey"]) for h in case["hops"]],
        bytes.fromhex(case["session_key"]),
        hops_data,
        associated_data=bytes.fromhex(case["associated_data"]))
    return {"onion": packet.to_bytes().hex()}


def main():
    cases = json.load(sys.stdin)
    json.dump([build(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
