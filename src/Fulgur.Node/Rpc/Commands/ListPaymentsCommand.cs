using System.Text.Json.Nodes;
using Fulgur.Node.Payments;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>listpayments [bolt11] [payment_hash]</c>: the seed-era name of listsendpays.</summary>
internal sealed class ListPaymentsCommand(PaymentService payments) : RpcCommand("listpayments", "payment",
    "List payments, optionally of one invoice or payment hash.",
    RpcParam.Optional("bolt11", RpcParamType.Text, "only payments of this invoice"),
    RpcParam.Optional("payment_hash", RpcParamType.Hash32, "only payments with this payment hash"))
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken) =>
        ListAsync(payments, arguments, null, cancellationToken);

    internal static async Task<JsonObject> ListAsync(PaymentService payments, RpcArguments arguments, PaymentStatus? status,
        CancellationToken cancellationToken)
    {
        PaymentHash? hash = arguments.TryGet<Hash32>("payment_hash", out var h) ? PaymentHash.FromSpan(h.Bytes) : null;
        arguments.TryGet<string>("bolt11", out var bolt11);
        var list = await payments.ListAsync(hash, bolt11, status, cancellationToken).ConfigureAwait(false);
        var array = new JsonArray();
        foreach (var payment in list)
            array.Add(PaymentJson.ToJson(payment));
        return new JsonObject { ["payments"] = array };
    }
}
