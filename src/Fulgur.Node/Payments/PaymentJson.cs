using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Rpc;
using Fulgur.Node.Storage;

namespace Fulgur.Node.Payments;

/// <summary>Payments as sendpay, waitsendpay, listpayments and listsendpays show them (interfaces.md §5–6, Core Lightning's names).</summary>
internal static class PaymentJson
{
    public static JsonObject ToJson(StoredPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var o = new JsonObject
        {
            ["id"] = payment.Id,
            ["payment_hash"] = payment.PaymentHash.ToString(),
            ["destination"] = payment.Destination.ToHex(),
            ["msatoshi"] = payment.Amount.Value,
            ["amount_msat"] = payment.Amount.Value,
            ["msatoshi_sent"] = payment.AmountSent.Value,
            ["amount_sent_msat"] = payment.AmountSent.Value,
            ["created_at"] = payment.CreatedAt.ToUnixTimeSeconds(),
            ["status"] = payment.Status switch
            {
                PaymentStatus.Complete => "complete",
                PaymentStatus.Failed => "failed",
                _ => "pending",
            },
        };
        if (payment.Preimage is { } preimage)
        {
            o["preimage"] = preimage.ToString();
            o["payment_preimage"] = preimage.ToString();
        }
        if (payment.Label is { } label)
            o["label"] = label;
        if (payment.Bolt11 is { } bolt11)
            o["bolt11"] = bolt11;
        return o;
    }

    /// <summary>sendpay's and waitsendpay's answer: the payment, or the error with the routing failure object as data.</summary>
    public static JsonObject ResultOrThrow(SendPayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
            return ToJson(result.Payment!);
        JsonNode? data = null;
        if (result.Failure is { } f)
        {
            data = f.Code == PayErrorCodes.UnparseableOnion
                ? new JsonObject { ["onionreply"] = f.OnionReply is { } reply ? Hex.Encode(reply) : "" }
                : FailureObject(f);
            if (result.Payment is { } p && data is JsonObject extra)
            {
                extra["id"] = p.Id;
                extra["payment_hash"] = p.PaymentHash.ToString();
                extra["destination"] = p.Destination.ToHex();
                extra["msatoshi"] = p.Amount.Value;
                extra["amount_msat"] = p.Amount.Value;
                extra["status"] = "failed";
            }
        }
        throw new RpcException(result.ErrorCode, result.ErrorMessage, data);
    }

    /// <summary>interfaces.md's routing failure object.</summary>
    public static JsonObject FailureObject(PaymentFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var o = new JsonObject
        {
            ["erring_index"] = failure.ErringIndex,
            ["erring_node"] = failure.ErringNode.ToHex(),
            ["erring_channel"] = failure.ErringChannel.ToString(),
            ["failcode"] = failure.FailCode,
            ["failcodename"] = Protocol.Onion.FailureCode.Name(new Protocol.Onion.FailureCode(failure.FailCode)),
        };
        if (failure.ChannelUpdate is { } update)
            o["channel_update"] = Hex.Encode(update);
        return o;
    }
}
