#!/usr/bin/env python3
"""Electrum's BOLT 8 transport (python3-electrum's electrum.lntransport) as a peer of fulgurd, for
tests/Fulgur.Node.Tests/Interop/ElectrumPeerTests.cs. Messages are built and read with electrum.lnmsg; Electrum's
init carries its wallet's real feature bits (electrum.lnworker.LNWALLET_FEATURES) and the regtest chain.

  peer_electrum.py initiate HOST PORT NODE_ID
      Electrum dials the node (LNTransport), completes the handshake, sends init, reads the node's init, checks the
      node's features with Electrum's own rule (lnutil.ln_compare_features), sends a ping asking for 50 bytes and
      reads until the pong. Prints one JSON object on stdout:
      {"ok": true, "features": HEX, "networks": [HEX, ...], "pong_len": N}  or  {"ok": false, "error": TEXT}

  peer_electrum.py respond
      Electrum listens on 127.0.0.1 (a free port) with a fresh key and prints {"listening": PORT, "node_id": HEX} as
      one line; then accepts one connection (LNResponderTransport), completes the handshake, reads the node's init,
      sends its own, prints {"ok": true, "remote_id": HEX, "features": HEX, "networks": [...]} as one line, answers
      every ping with a pong (printing {"ping": NUM_PONG_BYTES}) until the node hangs up, then prints {"closed": true}.
Every step has a timeout; output lines are flushed as they are written.
"""
import asyncio
import json
import os
import sys

from electrum import lntransport  # noqa: F401  (imported first: it sets up electrum's module order)
from electrum import constants, ecc
from electrum.lnmsg import encode_msg, decode_msg
from electrum.lnutil import LNPeerAddr, LnFeatures, ln_compare_features, LightningPeerConnectionClosed
from electrum.lnworker import LNWALLET_FEATURES
from electrum.lntransport import LNTransport, LNResponderTransport

TIMEOUT = 30
REGTEST = constants.BitcoinRegtest.rev_genesis_bytes()


def emit(obj):
    print(json.dumps(obj), flush=True)


def our_init():
    features = int(LNWALLET_FEATURES)
    flen = (features.bit_length() + 7) // 8
    return encode_msg("init", gflen=0, globalfeatures=b"", flen=flen, features=features,
                      init_tlvs={"networks": {"chains": REGTEST}})


def describe_init(payload):
    features = int.from_bytes(payload.get("features", b""), "big") | int.from_bytes(payload.get("globalfeatures", b""), "big")
    chains = payload.get("init_tlvs", {}).get("networks", {}).get("chains", b"")
    networks = [chains[i:i + 32].hex() for i in range(0, len(chains), 32)]
    return features, networks


async def next_message(messages):
    raw = await asyncio.wait_for(messages.__anext__(), TIMEOUT)
    return decode_msg(raw)


async def initiate(host, port, node_id):
    privkey = os.urandom(32)
    transport = LNTransport(privkey, LNPeerAddr(host, int(port), bytes.fromhex(node_id)), proxy=None)
    await asyncio.wait_for(transport.handshake(), TIMEOUT)
    messages = transport.read_messages()
    transport.send_bytes(our_init())
    name, payload = await next_message(messages)
    if name != "init":
        return {"ok": False, "error": f"first message was {name}"}
    features, networks = describe_init(payload)
    ln_compare_features(LNWALLET_FEATURES, LnFeatures(features))
    transport.send_bytes(encode_msg("ping", num_pong_bytes=50, byteslen=4, ignored=bytes(4)))
    while True:
        name, payload = await next_message(messages)
        if name == "pong":
            transport.close()
            return {"ok": True, "features": format(features, "x"), "networks": networks, "pong_len": len(payload["ignored"])}


async def respond():
    privkey = os.urandom(32)
    node_id = ecc.ECPrivkey(privkey).get_public_key_bytes(compressed=True)
    done = asyncio.get_running_loop().create_future()

    async def on_connection(reader, writer):
        try:
            transport = LNResponderTransport(privkey, reader, writer)
            remote = await asyncio.wait_for(transport.handshake(), TIMEOUT)
            messages = transport.read_messages()
            name, payload = await next_message(messages)
            if name != "init":
                emit({"ok": False, "error": f"first message was {name}"})
                return
            transport.send_bytes(our_init())
            features, networks = describe_init(payload)
            ln_compare_features(LNWALLET_FEATURES, LnFeatures(features))
            emit({"ok": True, "remote_id": remote.hex(), "features": format(features, "x"), "networks": networks})
            try:
                while True:
                    name, payload = await next_pinged(messages)
                    if name == "ping":
                        emit({"ping": payload["num_pong_bytes"]})
                        if payload["num_pong_bytes"] < 65532:
                            n = payload["num_pong_bytes"]
                            transport.send_bytes(encode_msg("pong", byteslen=n, ignored=bytes(n)))
            except (LightningPeerConnectionClosed, StopAsyncIteration):
                emit({"closed": True})
        except Exception as e:  # noqa: BLE001  (reported to the test, which fails with it)
            emit({"ok": False, "error": f"{type(e).__name__}: {e}"})
        finally:
            if not done.done():
                done.set_result(None)

    server = await asyncio.start_server(on_connection, "127.0.0.1", 0)
    emit({"listening": server.sockets[0].getsockname()[1], "node_id": node_id.hex()})
    async with server:
        await asyncio.wait_for(done, 120)


async def next_pinged(messages):
    raw = await asyncio.wait_for(messages.__anext__(), 120)
    return decode_msg(raw)


def main():
    try:
        if sys.argv[1] == "initiate":
            emit(asyncio.run(initiate(*sys.argv[2:5])))
        elif sys.argv[1] == "respond":
            asyncio.run(respond())
        else:
            emit({"ok": False, "error": f"unknown mode {sys.argv[1]}"})
            return 2
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "error": f"{type(e).__name__}: {e}"})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
