#!/usr/bin/env python3
"""BOLT 11 cross-check helper: Electrum's independent invoice codec (electrum.lnaddr) on the other side of Fulgur's.

  invoice_electrum.py check                   exit 0 when `import electrum.lnaddr` works (the C# test skips otherwise)
  invoice_electrum.py decode < invoices.json  [{"network", "invoice"}, ...] -> [fields as Electrum reads them, ...]
  invoice_electrum.py encode < requests.json  [request, ...] -> [invoice Electrum signs, ...]

Batches keep it to one Python start per direction. A network is bitcoin, testnet, signet or regtest; amounts are
millisatoshis; byte strings are hex. An invoice Electrum refuses gives {"error": "..."} in its place.
"""
import json
import sys
from decimal import Decimal


def network(name):
    from electrum import constants
    return {
        "bitcoin": constants.BitcoinMainnet,
        "testnet": constants.BitcoinTestnet,
        "signet": constants.BitcoinSignet,
        "regtest": constants.BitcoinRegtest,
    }[name]


def decode(net_name, invoice):
    from electrum.lnaddr import lndecode
    addr = lndecode(invoice, net=network(net_name))
    description_hash = addr.get_tag("h")
    routes = []
    for kind, value in addr.tags:
        if kind == "r":
            routes.append([[pubkey.hex(), scid.hex(), fee_base, fee_ppm, cltv] for pubkey, scid, fee_base, fee_ppm, cltv in value])
    return {
        "payment_hash": addr.paymenthash.hex(),
        "payment_secret": addr.payment_secret.hex() if addr.payment_secret else None,
        "amount_msat": addr.get_amount_msat(),
        "timestamp": addr.date,
        "description": addr.get_tag("d"),
        "description_hash": description_hash.hex() if description_hash else None,
        "expiry": addr.get_expiry(),
        "min_final_cltv": addr.get_min_final_cltv_expiry(),
        "payee": addr.pubkey.serialize().hex(),
        "fallback": addr.get_tag("f"),
        "routes": routes,
        "features": addr.get_tag("9") or 0,
    }


def encode(request):
    from electrum.lnaddr import LnAddr, lnencode
    tags = []
    if request.get("description") is not None:
        tags.append(("d", request["description"]))
    if request.get("description_to_hash") is not None:
        tags.append(("h", request["description_to_hash"]))
    if request.get("expiry") is not None:
        tags.append(("x", request["expiry"]))
    if request.get("min_final_cltv") is not None:
        tags.append(("c", request["min_final_cltv"]))
    if request.get("fallback"):
        tags.append(("f", request["fallback"]))
    for route in request.get("routes", []):
        tags.append(("r", [(bytes.fromhex(p), bytes.fromhex(s), fb, fp, c) for p, s, fb, fp, c in route]))
    if request.get("features"):
        tags.append(("9", request["features"]))
    amount_msat = request.get("amount_msat")
    addr = LnAddr(
        paymenthash=bytes.fromhex(request["payment_hash"]),
        payment_secret=bytes.fromhex(request["payment_secret"]),
        amount=None if amount_msat is None else Decimal(amount_msat) / Decimal(100_000_000_000),
        net=network(request["network"]),
        tags=tags,
        date=request["timestamp"],
    )
    return lnencode(addr, bytes.fromhex(request["private_key"]))


def decode_or_error(item):
    try:
        return decode(item["network"], item["invoice"])
    except Exception as e:  # report Electrum's refusal to the caller instead of stopping the batch
        return {"error": f"{type(e).__name__}: {e}"}


def main(argv):
    if len(argv) == 2 and argv[1] == "check":
        import electrum.lnaddr  # noqa: F401
        return 0
    if len(argv) == 2 and argv[1] == "decode":
        print(json.dumps([decode_or_error(item) for item in json.load(sys.stdin)]))
        return 0
    if len(argv) == 2 and argv[1] == "encode":
        print(json.dumps([encode(request) for request in json.load(sys.stdin)]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
