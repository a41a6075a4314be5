using System.Text.Json.Nodes;
using Fulgur.Node.Payments;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>listsendpays [bolt11] [payment_hash] [status]</c>: every sendpay attempt, oldest first.</summary>
internal sealed class ListSendPaysCommand(PaymentService payments) : RpcCommand("listsendpays", "payment",
    "List sendpay attempts, optionally of one invoice, payment hash or status.",
    RpcParam.Optional("bolt11", RpcParamType.Text, "only attempts paying this invoice"),
    RpcParam.Optional("payment_hash", RpcParamType.Hash32, "only attempts with this payment hash"),
    RpcParam.Optional("status", RpcParamType.Text, "only attempts that are pending, complete or failed"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        PaymentStatus? status = null;
        if (arguments.TryGet<string>("status", out var name))
        {
            status = name switch
            {
                "pending" => PaymentStatus.Pending,
                "complete" => PaymentStatus.Complete,
                "failed" => PaymentStatus.Failed,
                _ => throw new RpcException(RpcError.InvalidParams($"status: '{name}' is not pending, complete or failed")),
            };
        }
        return await ListPaymentsCommand.ListAsync(payments, arguments, status, cancellationToken).ConfigureAwait(false);
    }
}
