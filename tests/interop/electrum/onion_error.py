#!/usr/bin/python3
"""Onion failure packets with Electrum.

stdin:  a JSON list of cases, each either
          {"op": "create", "onion": hex, "privkey": hex, "failure_message": hex}
            the erring node's packet (electrum.lnonion.construct_onion_error) for the onion it received;
        or
          {"op": "decode", "error_packet": hex, "pubkeys": [hex, ...], "session_key": hex}
            the origin's unwrapping (electrum.lnonion._decode_onion_error) for the route it built.
stdout: a JSON list of results: {"error_packet": hex} for create;
        {"index": int, "failure_message": hex} or {"index": null, "error": str} for decode.
"""
import json
import sys

from electrum import lnonion


def create(case):
    failure = lnonion.OnionRoutingFailure.from_bytes(bytes.fromhex(case["failure_message"]))
    packet = lnonion.OnionPacket.from_bytes(bytes.fromhex(case["onion"]))
    error_packet = lnonion.construct_onion_error(failure, packet, our_onion_private_key=bytes.fromhex(case["privkey"]))
    return {"error_packet": error_packet.hex()}


def decode(case):
    try:
        decrypted, index = lnonion._decode_onion_error(
            bytes.fromhex(case["error_packet"]),
            [bytes.fromhex(p) for p in case["pubkeys"]],
            bytes.fromhex(case["session_key"]))
    except lnonion.FailedToDecodeOnionError as e:
        return {"index": None, "error": f"FailedToDecodeOnionError: {e}"}
    failure = lnonion.get_failure_msg_from_onion_error(decrypted)
    return {"index": index, "failure_message": failure.to_bytes().hex()}


def main():
    cases = json.load(sys.stdin)
    results = [create(c) if c["op"] == "create" else decode(c) for c in cases]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
