using System.Text.Json.Nodes;
using Fulgur.Node.Payments;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>waitsendpay payment_hash [timeout]</c>: the result of the attempt with that hash, waiting while it is pending.</summary>
internal sealed class WaitSendPayCommand(PaymentService payments) : RpcCommand("waitsendpay", "payment",
    "Wait for the payment with a payment hash to succeed or fail.",
    RpcParam.Required("payment_hash", RpcParamType.Hash32, "the payment hash"),
    RpcParam.Optional("timeout", RpcParamType.U32, "seconds to wait at most"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var hash = PaymentHash.FromSpan(arguments.Get<Hash32>("payment_hash").Bytes);
        TimeSpan? timeout = arguments.TryGet<uint>("timeout", out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        SendPayResult? result;
        try
        {
            result = await payments.WaitSendPayAsync(hash, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RpcException(PayErrorCodes.InProgress, "Timed out while waiting");
        }
        if (result is null)
            throw new RpcException(PayErrorCodes.NoSuchPayment, $"Never attempted payment for '{hash}'");
        return PaymentJson.ResultOrThrow(result);
    }
}
