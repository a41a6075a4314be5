using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Node.Payments;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>pay bolt11 [amount_msat] [description] [riskfactor] [maxfeepercent] [retry_for] [exclude] [exemptfee]</c>
/// (interfaces.md "pay"): parameters first (-32602), then expiry (207), then getroute → sendpay until done.
/// </summary>
internal sealed class PayCommand(InvoicePayer payer, Network network) : RpcCommand("pay", "payment",
    "Pay a bolt11 invoice: find a route, send, and retry other routes until it succeeds or cannot.",
    RpcParam.Required("bolt11", RpcParamType.Text, "the invoice to pay"),
    RpcParam.Optional("amount_msat", RpcParamType.MilliSatoshi, "the amount, if and only if the invoice has none", null, "msatoshi"),
    RpcParam.Optional("description", RpcParamType.Text, "the description a description_hash must commit to"),
    RpcParam.Optional("riskfactor", RpcParamType.Number, "the annual cost of locking funds, in percent, for getroute", 1d),
    RpcParam.Optional("maxfeepercent", RpcParamType.Number, "the most fee to pay, in percent of the amount", 0.5d),
    RpcParam.Optional("retry_for", RpcParamType.U32, "seconds to keep trying other routes", 60u),
    RpcParam.Optional("exclude", RpcParamType.JsonArray, "channel directions (scid/direction) and node ids to avoid"),
    RpcParam.Optional("exemptfee", RpcParamType.MilliSatoshi, "fees up to this amount are always acceptable", new MilliSatoshi(5000)))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var bolt11 = arguments.Get<string>("bolt11");
        if (!Bolt11Invoice.TryDecode(bolt11, out var invoice, out var error))
            throw new RpcException(RpcError.InvalidParams($"bolt11: invalid invoice: {error.Detail}"));
        if (invoice.Network != network)
            throw new RpcException(RpcError.InvalidParams($"bolt11: the invoice is for {invoice.Network.Name}, this node runs on {network.Name}"));
        MilliSatoshi amount;
        var given = arguments.TryGet<MilliSatoshi>("amount_msat", out var requested);
        if (invoice.Amount is { } invoiceAmount)
        {
            if (given)
                throw new RpcException(RpcError.InvalidParams("amount_msat: the invoice has an amount; do not give one"));
            amount = invoiceAmount;
        }
        else
        {
            amount = given ? requested : throw new RpcException(RpcError.InvalidParams("amount_msat: required: the invoice has no amount"));
        }
        if (amount.Value <= 0)
            throw new RpcException(RpcError.InvalidParams("amount_msat: must be more than 0"));
        // BOLT #11: "MUST check that the SHA2 256-bit hash in the `h` field exactly matches the hashed description."
        if (arguments.TryGet<string>("description", out var description) && invoice.DescriptionHash is not null &&
            !invoice.DescriptionMatches(description))
            throw new RpcException(RpcError.InvalidParams("description: does not match the invoice's description_hash"));
        var riskFactor = arguments.Get<double>("riskfactor");
        if (riskFactor < 0)
            throw new RpcException(RpcError.InvalidParams("riskfactor: must not be negative"));
        var maxFeePercent = arguments.Get<double>("maxfeepercent");
        if (maxFeePercent is < 0 or > 100)
            throw new RpcException(RpcError.InvalidParams("maxfeepercent: must be between 0 and 100"));
        var (channels, nodes) = (new List<(ShortChannelId, ChannelDirection)>(), new List<NodeId>());
        if (arguments.TryGet<JsonElement>("exclude", out var exclude) && !GetRouteCommand.TryParseExclude(exclude, channels, nodes, out var why))
            throw new RpcException(RpcError.InvalidParams($"exclude: {why}"));

        var request = new PayRequest(invoice, bolt11, amount, riskFactor, maxFeePercent, arguments.Get<MilliSatoshi>("exemptfee"),
            TimeSpan.FromSeconds(arguments.Get<uint>("retry_for")))
        {
            ExcludedChannels = channels,
            ExcludedNodes = nodes,
        };
        var result = await payer.PayAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            var o = PaymentJson.ToJson(result.Payment!);
            o["parts"] = 1;
            o["attempts"] = result.AttemptCount;
            return o;
        }
        // A sendpay error that ends pay (200, 201, 203) keeps sendpay's data; pay's own errors carry the attempts.
        if (result.Attempts.Count > 0 && result.Attempts[^1].ErrorCode == result.ErrorCode)
        {
            try
            {
                PaymentJson.ResultOrThrow(result.Attempts[^1]);
            }
            catch (RpcException e) when (e.Error.Data is JsonObject data)
            {
                data["attempts"] = result.AttemptCount;
                throw;
            }
        }
        throw new RpcException(result.ErrorCode, result.Message, new JsonObject { ["attempts"] = Attempts(result) });
    }

    private static JsonArray Attempts(PayResult result)
    {
        var attempts = new JsonArray();
        foreach (var attempt in result.Attempts)
        {
            var o = attempt.Payment is { } payment ? PaymentJson.ToJson(payment) : [];
            o["failure"] = new JsonObject
            {
                ["code"] = attempt.ErrorCode,
                ["message"] = attempt.ErrorMessage,
                ["data"] = attempt.Failure is { } f ? PaymentJson.FailureObject(f) : null,
            };
            attempts.Add(o);
        }
        return attempts;
    }
}
