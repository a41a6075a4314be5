#!/usr/bin/python3
"""Peel Sphinx onions hop by hop with Electrum (electrum.lnonion.process_onion_packet).

stdin:  a JSON list of cases {"onion": hex, "associated_data": hex, "privkeys": [hex, ...]}
        with the node private key of every hop in route order.
stdout: a JSON list, per case, of {"hops": [{"payload": hex, "final": bool}], "error": str|null}.
        "payload" is Electrum's re-serialization of the TLV payload it decoded.
"""
import io
import json
import sys

from electrum import lnonion
from electrum.lnmsg import OnionWireSerializer


def peel(case):
    packet = lnonion.OnionPacket.from_bytes(bytes.fromhex(case["onion"]))
    associated_data = bytes.fromhex(case["associated_data"])
    hops = []
    try:
        for privkey in case["privkeys"]:
            processed = lnonion.process_onion_packet(packet, associated_data, bytes.fromhex(privkey))
            fd = io.BytesIO()
            OnionWireSerializer.write_tlv_stream(fd=fd, tlv_stream_name="tlv_payload", **processed.hop_data.payload)
            hops.append({"payload": fd.getvalue().hex(), "final": processed.are_we_final})
            if processed.are_we_final:
                break
            packet = processed.next_packet
    except Exception as e:  # report, do not crash: the C# side asserts on it
        return {"hops": hops, "error": f"{type(e).__name__}: {e}"}
    return {"hops": hops, "error": None}


def main():
    cases = json.load(sys.stdin)
    json.dump([peel(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
