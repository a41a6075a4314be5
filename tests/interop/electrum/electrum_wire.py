#!/usr/bin/env python3
"""Electrum's BOLT 1 codec (python3-electrum's electrum.lnmsg) for Fulgur's wire interop tests.

Reads a JSON list of cases on stdin and prints a JSON list of results, one per case:
  {"op": "decode", "hex": ...}                  -> {"ok": true, "type": name, "fields": {...}}
  {"op": "encode", "type": name, "fields": {...}} -> {"ok": true, "hex": ...}
  {"op": "bigsize_encode", "value": "N"}        -> {"ok": true, "hex": ...}
  {"op": "bigsize_decode", "hex": ...}          -> {"ok": true, "value": "N", "consumed": n}
A refusal is {"ok": false, "error": ...}. Bytes travel as {"hex": ...}; big integers as decimal strings.
"""
import io
import json
import sys

from electrum import lnmsg


def plain(value):
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def unplain(value):
    if isinstance(value, dict):
        if set(value) == {"hex"}:
            return bytes.fromhex(value["hex"])
        return {k: unplain(v) for k, v in value.items()}
    return value


def run(case):
    op = case["op"]
    try:
        if op == "decode":
            name, fields = lnmsg.decode_msg(bytes.fromhex(case["hex"]))
            return {"ok": True, "type": name, "fields": plain(fields)}
        if op == "encode":
            return {"ok": True, "hex": lnmsg.encode_msg(case["type"], **unplain(case["fields"])).hex()}
        if op == "bigsize_encode":
            return {"ok": True, "hex": lnmsg.write_bigsize_int(int(case["value"])).hex()}
        if op == "bigsize_decode":
            with io.BytesIO(bytes.fromhex(case["hex"])) as fd:
                value = lnmsg.read_bigsize_int(fd)
                if value is None:
                    raise lnmsg.UnexpectedEndOfStream("empty")
                return {"ok": True, "value": str(value), "consumed": fd.tell()}
    except Exception as e:  # a refusal is a result, not a crash
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}
    raise ValueError("unknown op " + op)


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
