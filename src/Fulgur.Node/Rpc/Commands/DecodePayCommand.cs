using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>decodepay bolt11 [description]</c>: the fields of a BOLT 11 invoice of any network (interfaces.md §6).</summary>
internal sealed class DecodePayCommand() : RpcCommand("decodepay", "utility",
    "Decode a bolt11 invoice and check its signature.",
    RpcParam.Required("bolt11", RpcParamType.Text, "the invoice"),
    RpcParam.Optional("description", RpcParamType.Text, "the description a description_hash must commit to"))
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        if (!Bolt11Invoice.TryDecode(arguments.Get<string>("bolt11"), out var invoice, out var error))
            throw new RpcException(RpcError.InvalidParams($"bolt11: invalid invoice: {error.Detail}"));
        // BOLT #11: "MUST check that the SHA2 256-bit hash in the `h` field exactly matches the hashed description."
        if (arguments.TryGet<string>("description", out var description) && invoice.DescriptionHash is not null &&
            !invoice.DescriptionMatches(description))
            throw new RpcException(RpcError.InvalidParams("description: does not match the invoice's description_hash"));
        return Task.FromResult(ToJson(invoice));
    }

    internal static JsonObject ToJson(Bolt11Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var created = invoice.Timestamp.ToUnixTimeSeconds();
        var o = new JsonObject
        {
            // Core Lightning's currency is the prefix after "ln": bc, tb, tbs, bcrt.
            ["currency"] = invoice.Network.InvoicePrefix[2..],
            ["created_at"] = created,
            ["timestamp"] = created,
            ["expiry"] = (long)invoice.Expiry.TotalSeconds,
            ["payee"] = invoice.Payee.ToHex(),
        };
        if (invoice.Amount is { } amount)
        {
            o["msatoshi"] = amount.Value;
            o["amount_msat"] = amount.Value;
        }
        o["payment_hash"] = invoice.PaymentHash.ToString();
        o["payment_secret"] = invoice.PaymentSecret.ToString();
        if (invoice.Description is not null)
            o["description"] = invoice.Description;
        if (invoice.DescriptionHash is { } hash)
            o["description_hash"] = hash.ToHex();
        o["min_final_cltv_expiry"] = invoice.MinFinalCltvExpiryDelta.Value;
        o["features"] = invoice.Features.ToHex();
        if (invoice.PaymentMetadata is { } metadata)
            o["payment_metadata"] = metadata.ToHex();
        if (invoice.RouteHints.Count > 0)
        {
            var routes = new JsonArray();
            foreach (var hint in invoice.RouteHints)
            {
                var hops = new JsonArray();
                foreach (var hop in hint.Hops)
                {
                    hops.Add(new JsonObject
                    {
                        ["pubkey"] = hop.NodeId.ToHex(),
                        ["short_channel_id"] = hop.ShortChannelId.ToString(),
                        ["fee_base_msat"] = hop.FeeBase.Value,
                        ["fee_proportional_millionths"] = hop.FeeProportionalMillionths,
                        ["cltv_expiry_delta"] = hop.CltvExpiryDelta.Value,
                    });
                }
                routes.Add(hops);
            }
            o["routes"] = routes;
        }
        if (invoice.Fallbacks.Count > 0)
        {
            var fallbacks = new JsonArray();
            foreach (var fallback in invoice.Fallbacks)
            {
                var entry = new JsonObject { ["type"] = FallbackType(fallback) };
                if (fallback.TryFormat(invoice.Network, out var address))
                    entry["addr"] = address;
                entry["hex"] = Hex.Encode(fallback.ToScriptPubKey().ToBytes());
                fallbacks.Add(entry);
            }
            o["fallbacks"] = fallbacks;
        }
        // Core Lightning shows the signature DER-encoded, without the recovery id.
        o["signature"] = EcdsaSignature.TryParseCompact(invoice.Signature.Span[..64], out var signature)
            ? Hex.Encode(signature.ToDer())
            : invoice.Signature.ToHex();
        return o;
    }

    private static string FallbackType(FallbackAddress fallback) => (fallback.Version, fallback.Program.Length) switch
    {
        (FallbackAddress.P2PkhVersion, _) => "P2PKH",
        (FallbackAddress.P2ShVersion, _) => "P2SH",
        (0, 20) => "P2WPKH",
        (0, 32) => "P2WSH",
        (1, 32) => "P2TR",
        _ => "UNKNOWN",
    };
}
