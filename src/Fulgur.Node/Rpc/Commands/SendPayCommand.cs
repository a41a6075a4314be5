using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Payments;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>sendpay route payment_hash [label] [msatoshi] [bolt11] [payment_secret]</c> (interfaces.md "sendpay — the seed
/// command"): answers once the payment succeeded or failed.
/// </summary>
internal sealed class SendPayCommand(PaymentService payments) : RpcCommand("sendpay", "payment",
    "Send a payment along a route and wait for its result.",
    RpcParam.Required("route", RpcParamType.JsonArray, "the hops: id, channel, amount_msat (or msatoshi), delay"),
    RpcParam.Required("payment_hash", RpcParamType.Hash32, "the payment hash", "hash", "rhash"),
    RpcParam.Optional("label", RpcParamType.Text, "a label for the payment"),
    RpcParam.Optional("amount_msat", RpcParamType.MilliSatoshi, "what the payment delivers (the last hop's amount)", null, "msatoshi"),
    RpcParam.Optional("bolt11", RpcParamType.Text, "the invoice paid"),
    RpcParam.Optional("payment_secret", RpcParamType.Hash32, "the invoice's payment_secret"))
{
    public PaymentService Payments => payments;

    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var route = ParseRoute(arguments.Get<JsonElement>("route"));
        // interfaces.md §6: "a different value is -32602 until multi-part payments exist"
        if (arguments.TryGet<MilliSatoshi>("amount_msat", out var amount) && amount != route[^1].Amount)
        {
            throw new RpcException(RpcError.InvalidParams(
                $"amount_msat: {amount.Value} differs from the last hop's {route[^1].Amount.Value} (multi-part payments are not supported)"));
        }
        var hash = PaymentHash.FromSpan(arguments.Get<Hash32>("payment_hash").Bytes);
        PaymentSecret? secret = arguments.TryGet<Hash32>("payment_secret", out var s) ? PaymentSecret.FromSpan(s.Bytes) : null;
        arguments.TryGet<string>("label", out var label);
        arguments.TryGet<string>("bolt11", out var bolt11);
        SendPayResult result;
        try
        {
            result = await payments.SendPayAsync(new SendPayRequest(route, hash, secret, label, bolt11), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(RpcError.InvalidParams($"route: {e.Message}"));
        }
        return PaymentJson.ResultOrThrow(result);
    }

    /// <summary>interfaces.md: each hop is <c>{"id", "channel", "msatoshi"|"amount_msat", "delay"}</c>; other fields are ignored.</summary>
    internal static IReadOnlyList<PaymentHop> ParseRoute(JsonElement route)
    {
        var hops = new List<PaymentHop>();
        var index = 0;
        foreach (var hop in route.EnumerateArray())
        {
            if (hop.ValueKind != JsonValueKind.Object)
                throw Invalid(index, "is not an object");
            var id = Field(hop, index, "id", RpcParamType.NodeId) is PublicKey key ? new NodeId(key) : null;
            var channel = (ShortChannelId)Field(hop, index, "channel", RpcParamType.ShortChannelId)!;
            var delay = (uint)Field(hop, index, "delay", RpcParamType.U32)!;
            var hasMsat = hop.TryGetProperty("msatoshi", out var msat);
            var hasAmount = hop.TryGetProperty("amount_msat", out var amountField);
            if (!hasMsat && !hasAmount)
                throw Invalid(index, "has no amount_msat (or msatoshi)");
            object? amount = null;
            foreach (var value in new[] { hasMsat ? msat : (JsonElement?)null, hasAmount ? amountField : null })
            {
                if (value is not { } v)
                    continue;
                if (!RpcParamParser.TryParse(RpcParamType.MilliSatoshi, v, out var parsed, out var why))
                    throw Invalid(index, $"amount: {why}");
                if (amount is not null && !amount.Equals(parsed))
                    throw Invalid(index, "msatoshi and amount_msat differ");
                amount = parsed;
            }
            var msats = (MilliSatoshi)amount!;
            if (msats.Value <= 0)
                throw Invalid(index, "amount must be more than 0");
            hops.Add(new PaymentHop(id!, channel, msats, delay));
            index++;
        }
        if (hops.Count == 0)
            throw new RpcException(RpcError.InvalidParams("route: empty route"));
        if (hops.Count > 20)
            throw new RpcException(RpcError.InvalidParams($"route: {hops.Count} hops, at most 20"));
        return hops;
    }

    private static object? Field(JsonElement hop, int index, string name, RpcParamType type)
    {
        if (!hop.TryGetProperty(name, out var value))
            throw Invalid(index, $"has no {name}");
        if (!RpcParamParser.TryParse(type, value, out var parsed, out var why))
            throw Invalid(index, $"{name}: {why}");
        return parsed;
    }

    private static RpcException Invalid(int index, string what) => new(RpcError.InvalidParams($"route: hop {index} {what}"));
}
