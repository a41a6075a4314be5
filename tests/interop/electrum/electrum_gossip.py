#!/usr/bin/env python3
"""Electrum's BOLT 7 gossip checks (python3-electrum) for Fulgur's gossip interop tests.

Reads a JSON list of cases on stdin and prints a JSON list of results, one per case:
  {"op": "verify", "hex": ..., "node_id": ...}  -> {"ok": true, "valid": bool}
      channel_update is checked against node_id; channel_announcement and node_announcement against their own keys.
  {"op": "sign", "hex": ..., "keys": [...]}     -> {"ok": true, "hex": ...}
      Electrum hashes the message from its own offset (after the signatures) and writes one signature per key
      into the signature slots, in order.
  {"op": "addresses", "hex": ...}              -> {"ok": true, "addresses": [[host, port], ...]}
A refusal is {"ok": false, "error": ...}.
"""
import json
import sys

from electrum import ecc, lnmsg
from electrum.channel_db import ChannelDB, NodeInfo
from electrum.crypto import sha256d
from electrum.lnverifier import verify_sig_for_channel_update

SIGNATURE_SLOTS = {"channel_update": 1, "node_announcement": 1, "channel_announcement": 4}


def run(case):
    op = case["op"]
    try:
        if op == "verify":
            raw = bytes.fromhex(case["hex"])
            name, payload = lnmsg.decode_msg(raw)
            payload["raw"] = raw
            if name == "channel_update":
                return {"ok": True, "valid": verify_sig_for_channel_update(payload, bytes.fromhex(case["node_id"]))}
            try:
                if name == "channel_announcement":
                    ChannelDB.verify_channel_announcement(payload)
                else:
                    ChannelDB.verify_node_announcement(payload)
                return {"ok": True, "valid": True}
            except Exception:
                return {"ok": True, "valid": False}
        if op == "sign":
            raw = bytes.fromhex(case["hex"])
            name, _ = lnmsg.decode_msg(raw)
            slots = SIGNATURE_SLOTS[name]
            h = sha256d(raw[2 + 64 * slots:])
            sigs = b"".join(ecc.ECPrivkey(bytes.fromhex(k)).sign(h, ecc.sig_string_from_r_and_s) for k in case["keys"])
            assert len(case["keys"]) == slots
            return {"ok": True, "hex": (raw[:2] + sigs + raw[2 + 64 * slots:]).hex()}
        if op == "addresses":
            return {"ok": True, "addresses": [[h, p] for h, p in NodeInfo.parse_addresses_field(bytes.fromhex(case["hex"]))]}
    except Exception as e:  # a refusal is a result, not a crash
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}
    raise ValueError("unknown op " + op)


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
