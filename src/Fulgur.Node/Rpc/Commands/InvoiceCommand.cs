using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Invoices;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>invoice msatoshi label description [expiry] [fallbacks] [preimage] [cltv]</c> (interfaces.md §5).</summary>
internal sealed class InvoiceCommand(InvoiceService invoices) : RpcCommand("invoice", "payment",
    "Create an invoice for amount_msat (or any amount) with a unique label.",
    RpcParam.Required("amount_msat", RpcParamType.MilliSatoshiOrAny, "the amount, or \"any\"", "msatoshi"),
    RpcParam.Required("label", RpcParamType.Text, "a unique label"),
    RpcParam.Required("description", RpcParamType.Text, "what the payment is for"),
    RpcParam.Optional("expiry", RpcParamType.U64, "seconds until the invoice expires", 3600UL),
    RpcParam.Optional("fallbacks", RpcParamType.JsonArray, "on-chain fallback addresses"),
    RpcParam.Optional("preimage", RpcParamType.Hash32, "the preimage (random if omitted)"),
    RpcParam.Optional("cltv", RpcParamType.U32, "min_final_cltv_expiry (--cltv-final if omitted)"))
{
    /// <summary>The invoice service behind the command (tests reach the settlement API through it).</summary>
    public InvoiceService Invoices => invoices;

    /// <summary>A hundred years: longer expiries are refused rather than overflowing the clock.</summary>
    private const ulong MaxExpirySeconds = 100UL * 365 * 24 * 3600;

    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var amount = arguments.Get<MilliSatoshiOrAny>("amount_msat");
        // interfaces.md §6: "`pay` or `invoice` of 0 ... are -32602 with the reason".
        if (!amount.IsAny && amount.Amount.Value <= 0)
            throw new RpcException(RpcError.InvalidParams("msatoshi: an invoice of 0 msat is not allowed; use \"any\""));
        var expiry = arguments.Get<ulong>("expiry");
        if (expiry > MaxExpirySeconds)
            throw new RpcException(RpcError.InvalidParams($"expiry: {expiry} seconds is too long"));
        CltvExpiryDelta? cltv = null;
        if (arguments.TryGet<uint>("cltv", out var c))
        {
            if (c > ushort.MaxValue)
                throw new RpcException(RpcError.InvalidParams($"cltv: {c} is more than {ushort.MaxValue}"));
            cltv = new CltvExpiryDelta((ushort)c);
        }
        var fallbacks = new List<FallbackAddress>();
        if (arguments.TryGet<JsonElement>("fallbacks", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                    throw new RpcException(RpcError.InvalidParams($"fallbacks: {item.GetRawText()} is not an address string"));
                if (!FallbackAddress.TryParse(item.GetString()!, invoices.Network, out var fallback, out var why))
                    throw new RpcException(RpcError.InvalidParams($"fallbacks: '{item}' is not a {invoices.Network.Name} address: {why}"));
                fallbacks.Add(fallback);
            }
        }
        Preimage? preimage = arguments.TryGet<Hash32>("preimage", out var p) ? Preimage.FromSpan(p.Bytes) : null;
        var request = new InvoiceRequest(arguments.Get<string>("label"), amount.IsAny ? null : amount.Amount,
            arguments.Get<string>("description"), TimeSpan.FromSeconds(expiry), fallbacks, preimage, cltv);
        var created = await invoices.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        var invoice = created.Error switch
        {
            InvoiceCreateError.None => created.Invoice!,
            InvoiceCreateError.DuplicateLabel => throw new RpcException(InvoiceErrorCodes.DuplicateLabel, created.Message),
            InvoiceCreateError.DuplicatePreimage => throw new RpcException(InvoiceErrorCodes.DuplicatePreimage, created.Message),
            _ => throw new RpcException(RpcError.InvalidParams(created.Message)),
        };
        return new JsonObject
        {
            ["payment_hash"] = invoice.PaymentHash.ToString(),
            ["payment_secret"] = invoice.PaymentSecret.ToString(),
            ["bolt11"] = invoice.Bolt11,
            ["expires_at"] = invoice.ExpiresAt.ToUnixTimeSeconds(),
            ["expiry_time"] = invoice.ExpiresAt.ToUnixTimeSeconds(),
        };
    }
}
